using MlOps.Core.Data;
using MlOps.Core.Tracking;
using MlOps.Mlflow.Models;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Tracking.MlModel;

/// <summary>
/// The MLmodel files recorded in Fixtures/ (and loaded there by MLflow 3.6's own Model.load): a
/// tabular, an image, a text classifier and a pretrained Hugging Face folder, with a fixed uuid and time.
/// </summary>
internal static class MlModelScenarios
{
    public static readonly DateTime Created = new DateTime(2026, 12, 3, 11, 0, 0, DateTimeKind.Utc).AddTicks(1234560);

    public static IEnumerable<string> Names => ["tabular", "image", "text", "hub-folder"];

    /// <summary>Writes the scenario's model folder (weights stand-in included) and its MLmodel into <paramref name="folder"/>.</summary>
    public static void Write(string name, string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "model.safetensors"), new byte[100]);
        var file = name switch
        {
            "tabular" => Tabular(folder),
            "image" => Image(folder),
            "text" => Text(folder),
            "hub-folder" => Hub(folder),
            _ => throw new ArgumentException(name),
        };
        (file with { ModelUuid = "0123456789abcdef0123456789abcdef", UtcTimeCreated = Created }).Save(folder);
    }

    private static MlflowModelFile Tabular(string folder)
    {
        var encoder = FeatureEncoder.Tabular(
        [
            new ColumnEncoding("sepal length", FeatureKind.Numeric, 5.8, 0.8, [], "5.8"),
            new ColumnEncoding("colour", FeatureKind.Categorical, 0, 1, ["blue", "it's red"], "blue"),
            new ColumnEncoding("tiny", FeatureKind.Numeric, 1e-5, 2.5e-6, [], null),
        ]);
        // Row 0: sepal length 5.1, colour "it's red", tiny 1.5e-05.
        float[] features = [(float)((5.1 - 5.8) / 0.8), 0, 1, (float)((1.5e-5 - 1e-5) / 2.5e-6)];
        var data = Data(encoder, features, ["setosa", "versicolor", "virginica"]);
        return MlModelFiles.Classifier("mlp", data, new DataSpec { Train = "train.csv", Label = "species", Missing = MissingValuePolicy.Impute }, folder);
    }

    private static MlflowModelFile Image(string folder)
    {
        var encoder = FeatureEncoder.Image(1, 2, 3, 0.5, 0.25);
        var pixels = new[] { 0, 51, 102, 153, 204, 255 }.Select(p => (float)((p / 255.0 - 0.5) / 0.25)).ToArray();
        var data = Data(encoder, pixels, ["0", "1"]);
        return MlModelFiles.Classifier("cnn-small", data, new DataSpec { Train = "images.idx", Format = DataFormat.Idx }, folder);
    }

    private static MlflowModelFile Text(string folder)
    {
        var encoder = FeatureEncoder.ForText(8, 30522, 0);
        var data = Data(encoder, [101, 2023, 102, 0, 0, 0, 0, 0], ["negative", "positive"]);
        return MlModelFiles.Classifier("bert", data, new DataSpec { Train = "reviews.jsonl", Text = "review", Label = "sentiment" }, folder);
    }

    private static MlflowModelFile Hub(string folder)
    {
        File.WriteAllText(Path.Combine(folder, "config.json"), "{}");
        File.WriteAllText(Path.Combine(folder, "vocab.txt"), "[PAD]\n");
        return MlModelFiles.HubFolder("bert", "masked_lm", folder);
    }

    private static LoadedData Data(FeatureEncoder encoder, float[] row, string[] classes)
    {
        var split = new EncodedSplit("train", row, encoder.SampleShape, [0], new Dictionary<string, string[]>());
        return new LoadedData(split, split with { Name = "validation" }, encoder, classes, []);
    }
}
