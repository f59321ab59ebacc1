using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Evaluation.Repeats;
using MlOps.Core.Gates;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Gates;

/// <summary>Gates over repeats read their statistic of the model, the baseline and the champion alike, on the pessimistic side.</summary>
public sealed class RepeatGateTests
{
    private static readonly SourceLocation Place = new("spec.yaml", 20, 5);

    private static Dictionary<string, IReadOnlyDictionary<string, MetricSpread>> Validation(string metric, params double[] values) =>
        new() { ["validation"] = new Dictionary<string, MetricSpread> { [metric] = MetricSpreads.Of(values) } };

    private static GateInputs Inputs(string metric, double[] model, double[] baseline, Dictionary<string, double>? champion = null)
    {
        var spreads = Validation(metric, model);
        var baselineSpreads = Validation(metric, baseline);
        return new GateInputs
        {
            Metrics = new Dictionary<string, IReadOnlyDictionary<string, double>> { ["validation"] = new Dictionary<string, double> { [metric] = spreads["validation"][metric].Mean } },
            Champion = champion,
            Repeats = new RepeatedRuns(spreads, baselineSpreads, model.Length, KeptSeed: 1, KeptGates: []),
        };
    }

    private static GateResult Single(GateInputs inputs, GateSpec gate) => Assert.Single(GateEvaluator.Evaluate(inputs, [gate], []));

    [Fact]
    public void A_baseline_comparison_uses_the_same_statistic_for_both_sides()
    {
        double[] model = [0.80, 0.90, 0.85];
        double[] baseline = [0.70, 0.78, 0.74];
        var gate = new GateSpec { Metric = "accuracy", Against = GateReference.Baseline, Statistic = RepeatStatistic.LowerBound, Location = Place };

        var result = Single(Inputs("accuracy", model, baseline), gate);

        Assert.Equal(MetricSpreads.Of(model).Lower, result.Actual);
        Assert.Equal(MetricSpreads.Of(baseline).Lower, result.Threshold);
        Assert.Equal("accuracy vs baseline max_regression 0 (lower_bound)", result.Name);
    }

    [Fact]
    public void A_champion_with_repeats_is_read_at_its_logged_bound_and_one_without_at_its_value()
    {
        var gate = new GateSpec { Metric = "accuracy", Against = GateReference.Champion, Statistic = RepeatStatistic.LowerBound, Location = Place };
        double[] model = [0.80, 0.90, 0.85];

        var withBound = Single(Inputs("accuracy", model, model, new() { ["accuracy"] = 0.86, ["accuracy_ci_low"] = 0.70 }), gate);
        var single = Single(Inputs("accuracy", model, model, new() { ["accuracy"] = 0.86 }), gate);

        Assert.True(withBound.Passed, withBound.Message);
        Assert.Equal(0.70, withBound.Threshold);
        Assert.False(single.Passed, single.Message);
        Assert.Equal(0.86, single.Threshold);
    }

    [Fact]
    public void Min_of_a_loss_is_its_worst_repeat_the_highest()
    {
        var gate = new GateSpec { Metric = "log_loss", Max = 0.5, Statistic = RepeatStatistic.Min, Location = Place };

        var result = Single(Inputs("log_loss", [0.30, 0.60, 0.40], [1.0, 1.0]), gate);

        Assert.False(result.Passed);
        Assert.Equal(0.60, result.Actual);
        Assert.StartsWith("worst of 3 repeats", result.Message, StringComparison.Ordinal);
    }
}
