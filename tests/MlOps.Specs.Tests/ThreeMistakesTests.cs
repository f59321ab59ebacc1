using MlOps.Specs;
using MlOps.Tests.Shared;

namespace MlOps.Specs.Tests;

/// <summary>The user's view: a spec with three mistakes gets exactly three precise, clickable errors.</summary>
public sealed class ThreeMistakesTests : IDisposable
{
    private readonly SpecSandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public void Three_mistakes_give_exactly_three_errors_each_at_its_mistake()
    {
        var yaml = """
            name: churn
            base:
              model: mlp
              checkpoint: models/base.pt
            data:
              train: data/train.csv
              validation: data/val.csv
              lable: churned
            training:
              epochs: 0
              optimizer: { type: adam, lr: 0.0001 }
            """;
        var result = _box.Load(yaml, name: "churn.yaml");
        var file = Path.Combine(_box.Root, "churn.yaml");

        Assert.Null(result.Spec);
        Assert.Equal(
        [
            $"{file}(8,3): error MLOPS011: unknown key 'lable' in 'data'; did you mean 'label'?",
            $"{file}(10,11): error MLOPS015: 'training.epochs' must be >= 1 and <= 10000, found 0",
            $"{file}(11,22): error MLOPS016: 'training.optimizer.type' must be one of: adamw, sgd; found 'adam'; did you mean 'adamw'?",
        ], result.Diagnostics.Select(d => d.ToString()));
    }
}
