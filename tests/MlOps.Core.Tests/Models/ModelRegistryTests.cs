using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models;
using MlOps.Specs.Model;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Models;

/// <summary>A user's own model, picked by name from the spec.</summary>
[FineTuneModel("registry-test-net")]
public sealed class RegistryTestNet : FineTuneModule
{
    private readonly Linear body;

    public RegistryTestNet(ModelShape shape)
        : base("registry-test-net", 4, shape.ClassCount)
    {
        body = TorchSharp.torch.nn.Linear(shape.InputSize, 4);
        RegisterComponents();
    }

    public override Tensor Features(Tensor input) => body.forward(input.flatten(1));
}

public sealed class ModelRegistryTests
{
    private static readonly SourceLocation Where = new("spec.yaml", 3, 3);

    [Fact]
    public void A_FineTuneModel_class_in_a_loaded_assembly_is_found_by_its_name()
    {
        using var model = ModelFactory.Build(ModelRegistry.Default(), new BaseModelSpec { Model = "registry-test-net" }, [6], 3, Where);

        Assert.IsType<RegistryTestNet>(model);
        Assert.Equal(["body.bias", "body.weight", "head.bias", "head.weight"], model.named_parameters().Select(p => p.name).Order(StringComparer.Ordinal));
        using var output = model.forward(zeros(2, 6));
        Assert.Equal([2L, 3L], output.shape);
    }

    [Fact]
    public void An_unknown_model_name_lists_the_choices()
    {
        var error = Assert.Throws<MlOpsException>(() => ModelFactory.Build(ModelRegistry.Default(), new BaseModelSpec { Model = "resnet-9000" }, [6], 3, Where));

        Assert.Equal("MLOPS303", error.Diagnostics[0].Code);
        Assert.Contains("bert, cnn-small, distilbert, gpt2, hubert, llama, mistral, mlp", error.Message, StringComparison.Ordinal);
        Assert.Contains("[FineTuneModel(\"resnet-9000\")]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cnn_small_on_tabular_rows_is_a_clear_error()
    {
        var error = Assert.Throws<MlOpsException>(() => ModelFactory.Build(ModelRegistry.Default(), new BaseModelSpec { Model = "cnn-small" }, [6], 3, Where));

        Assert.Equal("MLOPS304", error.Diagnostics[0].Code);
    }
}
