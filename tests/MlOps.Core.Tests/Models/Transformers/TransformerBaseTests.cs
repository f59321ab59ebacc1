using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Transformers;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Torch;
using MlOps.Specs.Hub;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Models.Transformers;

/// <summary>base.model auto / bert|distilbert|roberta against the checkpoint's config; a saved run reloads as a base.</summary>
[Collection(TorchCollection.Name)]
public sealed class TransformerBaseTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("mlops-hf-base-").FullName;

    private FineTuneSpec Spec(string model, string? checkpoint) => new()
    {
        Name = "t",
        SpecPath = Path.Combine(root, "spec.yaml"),
        Base = new BaseModelSpec { Model = model, Checkpoint = checkpoint, Location = TinyTransformers.Where },
        Data = new DataSpec { Format = DataFormat.Csv, Train = "train.csv", Label = "label" },
    };

    private string Folder(TransformerKind kind)
    {
        var folder = Path.Combine(root, kind.ToString());
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), TinyTransformers.ConfigJson(kind));
        return folder;
    }

    [Fact]
    public void Auto_takes_the_architecture_from_config_json_and_passes_the_config_on()
    {
        var (spec, config) = BaseArchitecture.Resolve(Spec("auto", Folder(TransformerKind.DistilBert)), metadata: null);

        Assert.Equal("distilbert", spec.Base.Model);
        Assert.Equal("distilbert", config!.ModelType);
        using var model = ModelFactory.Build(ModelRegistry.Default(), spec.Base, [12], 3, TinyTransformers.Where, config);
        Assert.Equal(TransformerKind.DistilBert, Assert.IsType<TransformerClassifier>(model).Config.Kind);
    }

    [Fact]
    public void A_base_model_that_disagrees_with_config_json_is_an_error_at_the_spec_line()
    {
        var error = Assert.Throws<MlOpsException>(() => BaseArchitecture.Resolve(Spec("bert", Folder(TransformerKind.Roberta)), metadata: null));

        Assert.Equal((TransformerErrorCodes.UnsupportedModelType, TinyTransformers.Where), (error.Diagnostics[0].Code, error.Diagnostics[0].Location));
        Assert.Contains("describes a roberta model", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bert", null, TransformerErrorCodes.ConfigRequired)]
    [InlineData("auto", null, HubErrorCodes.AutoWithoutCheckpoint)]
    public void Without_a_config_the_family_cannot_be_built(string model, string? checkpoint, string code)
    {
        var error = Assert.Throws<MlOpsException>(() => BaseArchitecture.Resolve(Spec(model, checkpoint), metadata: null));

        Assert.Equal(code, error.Diagnostics[0].Code);
    }

    [Fact]
    public void A_config_json_with_another_model_type_or_a_missing_size_is_named()
    {
        var folder = Folder(TransformerKind.Bert);
        File.WriteAllText(Path.Combine(folder, "config.json"), """{"model_type":"gpt2","n_embd":16}""");
        var other = Assert.Throws<MlOpsException>(() => BaseArchitecture.Resolve(Spec("bert", folder), metadata: null));
        File.WriteAllText(Path.Combine(folder, "config.json"), """{"model_type":"bert","vocab_size":40,"num_hidden_layers":1,"num_attention_heads":2,"intermediate_size":32}""");
        var missing = Assert.Throws<MlOpsException>(() => BaseArchitecture.Resolve(Spec("bert", folder), metadata: null));

        Assert.Equal(TransformerErrorCodes.UnsupportedModelType, other.Diagnostics[0].Code);
        Assert.Contains("'gpt2'", other.Message, StringComparison.Ordinal);
        Assert.Equal(TransformerErrorCodes.BadConfig, missing.Diagnostics[0].Code);
        Assert.Contains("hidden_size", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fine_tuned_model_saved_by_a_run_is_a_base_checkpoint_again()
    {
        using var tuned = TinyTransformers.Classifier(TransformerKind.Roberta, classes: 3, seed: 4);
        var path = Path.Combine(root, "model.safetensors");
        CheckpointFile.Save(tuned, new ModelMetadata("roberta", ["a", "b", "c"], [16], [], 0, null) { ConfigJson = tuned.Config.Json }, path);

        var metadata = CheckpointFile.ReadMetadata(path);
        var (spec, config) = BaseArchitecture.Resolve(Spec("auto", path), metadata);
        using var reloaded = ModelFactory.Build(ModelRegistry.Default(), spec.Base, [16], 3, TinyTransformers.Where, config);
        var messages = new List<string>();
        CheckpointLoader.Load(reloaded, path, replaceHead: false, TinyTransformers.Where, messages.Add);

        Assert.Equal("roberta", spec.Base.Model);
        Assert.Equal(TinyTransformers.Weights(tuned), TinyTransformers.Weights(reloaded));
        Assert.Empty(messages);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
