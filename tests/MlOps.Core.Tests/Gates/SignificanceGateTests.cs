using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Evaluation;
using MlOps.Core.Evaluation.Significance;
using MlOps.Core.Gates;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Gates;

/// <summary><c>{ metric, against: baseline, significance: α }</c>: passes only on a significant improvement on the same examples.</summary>
public sealed class SignificanceGateTests
{
    private static readonly SourceLocation Place = new("spec.yaml", 12, 5);

    /// <summary>
    /// 200 examples, labels alternating; both models right on <paramref name="both"/> of them, the model
    /// alone on <paramref name="modelOnly"/>, the baseline alone on <paramref name="baselineOnly"/>.
    /// </summary>
    private static GateInputs Inputs(int both, int modelOnly, int baselineOnly, float confidence = 0.8f)
    {
        const int rows = 200;
        long[] labels = [.. Enumerable.Range(0, rows).Select(i => (long)(i % 2))];
        var modelRight = Enumerable.Range(0, rows).Select(i => i < both + modelOnly).ToArray();
        var baselineRight = Enumerable.Range(0, rows).Select(i => i < both || (i >= both + modelOnly && i < both + modelOnly + baselineOnly)).ToArray();
        var model = Predict(labels, modelRight, confidence);
        var baseline = Predict(labels, baselineRight, 0.7f);
        var metrics = MetricCalculator.Compute(model, ["accuracy", "macro_f1", "log_loss"], null);
        var baseMetrics = MetricCalculator.Compute(baseline, ["accuracy", "macro_f1", "log_loss"], null);
        return new GateInputs
        {
            Metrics = new Dictionary<string, IReadOnlyDictionary<string, double>> { ["validation"] = metrics },
            Baseline = new Dictionary<string, IReadOnlyDictionary<string, double>> { ["validation"] = baseMetrics },
            Paired = new PairedPredictions(
                new Dictionary<string, Predictions> { ["validation"] = model },
                new Dictionary<string, Predictions> { ["validation"] = baseline }, Seed: 42, Samples: 1000, PositiveLabel: null),
        };
    }

    private static Predictions Predict(long[] labels, bool[] right, float confidence) =>
        new(labels, [.. labels.Select((label, i) => right[i] == (label == 1) ? confidence : 1 - confidence).SelectMany(p => new[] { 1 - p, p })],
            ["0", "1"], new Dictionary<string, string[]>());

    private static GateSpec Gate(string metric, double alpha = 0.05) =>
        new() { Metric = metric, Against = GateReference.Baseline, Significance = alpha, Location = Place };

    private static GateResult Single(GateInputs inputs, GateSpec gate) => Assert.Single(GateEvaluator.Evaluate(inputs, [gate], []));

    [Fact]
    public void A_small_accuracy_gain_is_not_distinguishable_from_the_baseline_and_fails()
    {
        // 6 vs 4 discordant examples: +1 point of accuracy, McNemar p = 0.754.
        var result = Single(Inputs(both: 150, modelOnly: 6, baselineOnly: 4), Gate("accuracy"));

        Assert.False(result.Passed);
        Assert.Equal("accuracy vs baseline significance 0.05", result.Name);
        Assert.Equal("accuracy 0.780 vs baseline 0.770: Δ +0.010, McNemar exact p = 0.7539 (6 examples right only by the model, 4 only by the baseline) ≥ α 0.05: not distinguishable from the baseline", result.Message);
        Assert.Equal(McNemarTest.ExactPValue(6, 4), result.Actual);
        Assert.Equal(0.05, result.Threshold);
        Assert.Equal(12, result.Location.Line);
        var test = Assert.IsType<SignificanceResult>(result.Significance);
        Assert.Equal(("mcnemar_exact", 6, 4, false), (test.Test, test.ModelOnlyCorrect, test.ReferenceOnlyCorrect, test.Significant));
        Assert.Equal(0.01, test.Difference, 1e-12);
    }

    [Fact]
    public void A_large_accuracy_gain_is_significant_and_passes()
    {
        var result = Single(Inputs(both: 120, modelOnly: 25, baselineOnly: 5), Gate("accuracy"));

        Assert.True(result.Passed, result.Message);
        Assert.Contains("< α 0.05: significantly better than the baseline", result.Message);
        Assert.True(result.Significance!.PValue < 0.001);
    }

    [Fact]
    public void A_significant_loss_of_accuracy_fails_and_says_it_is_worse()
    {
        var result = Single(Inputs(both: 120, modelOnly: 5, baselineOnly: 25), Gate("accuracy"));

        Assert.False(result.Passed);
        Assert.Contains("significantly worse than the baseline", result.Message);
    }

    [Fact]
    public void Other_metrics_use_the_paired_bootstrap_interval_of_the_difference()
    {
        var small = Single(Inputs(both: 150, modelOnly: 6, baselineOnly: 4), Gate("macro_f1"));
        var large = Single(Inputs(both: 120, modelOnly: 25, baselineOnly: 5), Gate("macro_f1"));

        Assert.False(small.Passed);
        Assert.Matches(@"^macro_f1 0\.\d{3} vs baseline 0\.\d{3}: Δ \+0\.\d{3}, 95% paired bootstrap interval \[-0\.\d{3}, \+0\.\d{3}\] \(1000 resamples\) includes 0: not distinguishable from the baseline$", small.Message);
        Assert.Equal("paired_bootstrap", small.Significance!.Test);
        Assert.Equal(small.Significance.Lower, small.Actual);
        Assert.True(large.Passed, large.Message);
        Assert.Contains("excludes 0: significantly better than the baseline", large.Message);
    }

    [Fact]
    public void A_lower_is_better_metric_is_significant_when_the_whole_interval_is_below_zero()
    {
        // Same right/wrong pattern as the baseline but far more confident when right: log_loss drops everywhere.
        var result = Single(Inputs(both: 150, modelOnly: 30, baselineOnly: 0, confidence: 0.95f), Gate("log_loss"));

        Assert.True(result.Passed, result.Message);
        Assert.True(result.Significance!.Upper < 0);
        Assert.Equal(result.Significance.Upper, result.Actual);
    }

    [Fact]
    public void The_bootstrap_is_seeded_so_the_same_inputs_give_the_same_interval()
    {
        var first = Single(Inputs(both: 150, modelOnly: 12, baselineOnly: 4), Gate("macro_f1"));
        var again = Single(Inputs(both: 150, modelOnly: 12, baselineOnly: 4), Gate("macro_f1"));

        Assert.Equal((first.Significance!.Lower, first.Significance.Upper), (again.Significance!.Lower, again.Significance.Upper));
    }

    [Fact]
    public void Without_per_example_predictions_the_gate_fails_and_says_why()
    {
        var result = Single(Inputs(both: 120, modelOnly: 25, baselineOnly: 5) with { Paired = null }, Gate("accuracy"));

        Assert.False(result.Passed);
        Assert.Contains("predictions of the model and the baseline on the validation split were not kept", result.Message);
    }

    [Fact]
    public void Significance_next_to_a_change_threshold_adds_a_condition_of_its_own()
    {
        var gate = Gate("accuracy") with { MinAbsoluteChange = 0.02 };

        var results = GateEvaluator.Evaluate(Inputs(both: 120, modelOnly: 25, baselineOnly: 5), [gate], []);

        Assert.Equal(["accuracy vs baseline min_absolute_change 0.02", "accuracy vs baseline significance 0.05"], results.Select(r => r.Name));
    }

    [Fact]
    public void Against_the_champion_it_pairs_with_the_champions_predictions_and_says_why_when_there_are_none()
    {
        var inputs = Inputs(both: 120, modelOnly: 25, baselineOnly: 5);
        var champion = inputs with
        {
            Champion = new Dictionary<string, double> { ["accuracy"] = inputs.Baseline["validation"]["accuracy"] },
            Paired = inputs.Paired! with { Champion = inputs.Paired!.Baseline },
        };
        var missing = champion with { Paired = inputs.Paired with { ChampionMissing = "champion run abc has no model/model.safetensors artifact" } };
        var gate = Gate("accuracy") with { Against = GateReference.Champion };

        var scored = Single(champion, gate);
        var unscored = Single(missing, gate);

        Assert.True(scored.Passed, scored.Message);
        Assert.Contains("25 examples right only by the model, 5 only by the champion", scored.Message);
        Assert.EndsWith("significantly better than the champion", scored.Message);
        Assert.False(unscored.Passed);
        Assert.EndsWith("significance cannot be tested: champion run abc has no model/model.safetensors artifact", unscored.Message);
    }
}
