using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models;
using MlOps.Core.Models.Vision;
using MlOps.Core.Tests.Torch;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Models.Vision;

/// <summary>`base.model: auto` reads timm's config.json: resnet18/50 resolve, other ResNets are refused.</summary>
[Collection(TorchCollection.Name)]
public sealed class ResNetArchitectureTests : IDisposable
{
    private static readonly SourceLocation Where = new("spec.yaml", 3, 3);
    private readonly string folder = Directory.CreateTempSubdirectory("mlops-resnet-auto-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Hub(string configJson)
    {
        File.WriteAllText(Path.Combine(folder, "config.json"), configJson);
        return folder;
    }

    [Theory]
    [InlineData("""{ "architecture": "resnet50", "num_classes": 1000 }""", "resnet50")]
    [InlineData("""{ "architecture": "resnet18.a1_in1k", "num_classes": 1000, "pretrained_cfg": { "tag": "a1_in1k" } }""", "resnet18")]
    [InlineData("""{ "model_type": "bert", "hidden_size": 32 }""", null)]
    public void Timm_configs_resolve_and_other_models_are_left_to_other_resolvers(string config, string? expected) =>
        Assert.Equal(expected, ResNetArchitecture.Resolve(Hub(config), Where));

    [Fact]
    public void A_file_or_a_folder_without_config_json_is_not_claimed()
    {
        File.WriteAllText(Path.Combine(folder, "weights.pt"), "");
        Assert.Null(ResNetArchitecture.Resolve(folder, Where));
        Assert.Null(ResNetArchitecture.Resolve(Path.Combine(folder, "weights.pt"), Where));
    }

    [Theory]
    [InlineData("""{ "architecture": "resnet34" }""", "timm architecture 'resnet34'")]
    [InlineData("""{ "architecture": "resnet50d.ra2_in1k" }""", "timm architecture 'resnet50d.ra2_in1k'")]
    [InlineData("""{ "model_type": "resnet", "depths": [3, 4, 6, 3] }""", "transformers' ResNet")]
    public void A_resnet_it_does_not_build_is_refused_with_what_to_use_instead(string config, string named)
    {
        var error = Assert.Throws<MlOpsException>(() => ResNetArchitecture.Resolve(Hub(config), Where));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal((ResNetErrorCodes.UnsupportedArchitecture, Where), (diagnostic.Code, diagnostic.Location));
        Assert.Contains(named, diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("resnet18 and resnet50", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_config_json_is_reported_at_its_line()
    {
        var error = Assert.Throws<MlOpsException>(() => ResNetArchitecture.Resolve(Hub("{\n  \"architecture\": resnet18\n}"), Where));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.EndsWith("config.json", diagnostic.Location.File, StringComparison.Ordinal);
        Assert.Equal(2, diagnostic.Location.Line);
    }

    [Fact]
    public void The_run_builds_the_resnet_that_auto_names()
    {
        var spec = new FineTuneSpec
        {
            Name = "auto",
            SpecPath = "spec.yaml",
            Base = new BaseModelSpec { Model = "auto", Checkpoint = Hub("""{ "architecture": "resnet50" }""") },
            Data = new DataSpec { Train = "train.csv" },
        };

        var (resolved, _) = MlOps.Core.Pipeline.BaseArchitecture.Resolve(spec, null);
        using var model = ModelFactory.Build(new ModelRegistry(), resolved.Base, [1, 28, 28], 5, Where);

        Assert.Equal(ResNetVariant.ResNet50, Assert.IsType<ResNetModel>(model).Variant);
    }
}
