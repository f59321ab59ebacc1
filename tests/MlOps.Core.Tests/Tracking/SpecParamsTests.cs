using MlOps.Contracts.Diagnostics;
using MlOps.Core.Tracking;
using MlOps.Mlflow;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Tracking;

public sealed class SpecParamsTests
{
    private static FineTuneSpec Spec(TrainingSpec training) => new()
    {
        Name = "s",
        SpecPath = "/repo/specs/s.yaml",
        Base = new BaseModelSpec { Model = "mlp" },
        Data = new DataSpec { Train = "/repo/data/train.csv" },
        Training = training,
        Gates = [new GateSpec { Metric = "accuracy", Min = 0.9, Location = new SourceLocation("/repo/specs/s.yaml", 3, 5) }],
    };

    [Fact]
    public void The_resolved_spec_becomes_dotted_params_without_source_positions()
    {
        var values = SpecParams.Flatten(Spec(new TrainingSpec { Optimizer = new OptimizerSpec { Lr = 2e-5 }, Freeze = ["backbone.*"] }))
            .ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal("2e-05", values["training.optimizer.lr"]);
        Assert.Equal("[\"backbone.*\"]", values["training.freeze"]);
        Assert.Equal("0.9", values["gates.0.min"]);
        Assert.Equal("accuracy", values["gates.0.metric"]);
        Assert.Equal("32", values["training.batch_size"]);
        Assert.DoesNotContain(values.Keys, k => k.Contains("location", StringComparison.Ordinal));
    }

    [Fact]
    public void Layer_globs_stay_visible_although_their_param_key_ends_in_key()
    {
        var values = SpecParams.Flatten(Spec(new TrainingSpec { LayerLr = [new("backbone.*", 1e-5), new("head.*", 1e-3)] }))
            .ToDictionary(p => p.Key, p => p.Value);

        var globs = values.Where(kv => kv.Key.StartsWith("training.layer_lr.", StringComparison.Ordinal)).Select(kv => kv.Value).ToList();
        Assert.Equal("backbone.*", values["training.layer_lr.0.key"]);
        Assert.Contains("backbone.*", globs);
        Assert.Contains("head.*", globs);
        Assert.DoesNotContain(SecretRedactor.Redacted, values.Values);
    }

    [Fact]
    public void Values_past_mlflow_limit_are_cut_so_the_run_still_logs()
    {
        var freeze = Enumerable.Range(0, 800).Select(i => $"backbone.layer{i}.*").ToList();

        var value = SpecParams.Flatten(Spec(new TrainingSpec { Freeze = freeze })).Single(p => p.Key == "training.freeze").Value;

        Assert.Equal(MlflowLimits.MaxParamValueLength, value.Length);
        Assert.EndsWith("see the resolved spec artifact)", value, StringComparison.Ordinal);
    }
}
