using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models;
using MlOps.Core.Training;
using MlOps.Specs.Model;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Training;

/// <summary>A small, learnable synthetic task (3 classes from 6 features) and helpers to train on it.</summary>
internal sealed class TrainingFixture : IDisposable
{
    private const int Rows = 240;

    public TrainingFixture(string? folder = null)
    {
        Folder = folder ?? Path.Combine(Path.GetTempPath(), "mlops-train-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        var random = new Random(7);
        var features = new float[Rows * 6];
        var labels = new long[Rows];
        for (var i = 0; i < Rows; i++)
        {
            labels[i] = i % 3;
            for (var f = 0; f < 6; f++)
            {
                features[(i * 6) + f] = (float)((random.NextDouble() * 2) - 1 + (f % 3 == labels[i] ? 1.5 : 0));
            }
        }
        Train = new TensorSplit(features[..(180 * 6)], [6], labels[..180], CPU);
        Validation = new TensorSplit(features[(180 * 6)..], [6], labels[180..], CPU);
    }

    public string Folder { get; }

    public TensorSplit Train { get; }

    public TensorSplit Validation { get; }

    public static FineTuneModule NewModel(int seed = 1)
    {
        TorchSetup.Configure(seed, 1);
        return new MlpModel(new ModelShape([6], 3, [16, 8], 0.1));
    }

    public TrainerInputs Inputs(FineTuneModule model, TrainingSpec spec, bool resume = false, ITrainingObserver? observer = null) => new()
    {
        Model = model,
        Train = Train,
        Spec = spec,
        Seed = 1,
        Fingerprint = "test",
        Checkpoint = new TrainingCheckpoint(Path.Combine(Folder, "checkpoint")),
        Resume = resume,
        EvaluateValidation = m =>
        {
            var (probabilities, loss) = MlOps.Core.Evaluation.Predictor.Predict(m, Validation);
            var predictions = MlOps.Core.Evaluation.Predictor.ToPredictions(probabilities, Validation.Labels.data<long>().ToArray(), ["a", "b", "c"]);
            var correct = Enumerable.Range(0, predictions.Rows).Count(i => predictions.Predicted(i) == predictions.Labels[i]);
            return new Dictionary<string, double> { ["val_loss"] = loss, ["val_accuracy"] = correct / (double)predictions.Rows };
        },
        Location = new SourceLocation("spec.yaml", 1, 1),
        Observer = observer ?? NullTrainingObserver.Instance,
    };

    public static Dictionary<string, float[]> Weights(FineTuneModule model) =>
        model.state_dict().ToDictionary(p => p.Key, p => p.Value.data<float>().ToArray());

    public void Dispose()
    {
        Train.Dispose();
        Validation.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
