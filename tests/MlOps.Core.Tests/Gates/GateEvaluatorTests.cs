using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Fairness;
using MlOps.Core.Gates;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Gates;

public sealed class GateEvaluatorTests
{
    private static SourceLocation Line(int line) => new("spec.yaml", line, 5);

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Splits(
        Dictionary<string, double> validation, Dictionary<string, double>? train = null) =>
        new Dictionary<string, IReadOnlyDictionary<string, double>> { ["validation"] = validation, ["train"] = train ?? [] };

    private static GateInputs Inputs(double accuracy = 0.874) => new()
    {
        Metrics = Splits(new() { ["accuracy"] = accuracy, ["log_loss"] = 0.46 }, new() { ["accuracy"] = 0.99, ["log_loss"] = 0.10 }),
        Baseline = Splits(new() { ["accuracy"] = 0.80, ["log_loss"] = 0.5 }),
    };

    private static GateResult Single(GateInputs inputs, GateSpec gate) => Assert.Single(GateEvaluator.Evaluate(inputs, [gate], []));

    [Fact]
    public void A_min_gate_says_by_how_much_it_fell_short_and_keeps_its_spec_line()
    {
        var result = Single(Inputs(), new GateSpec { Metric = "accuracy", Min = 0.9, Location = Line(31) });

        Assert.False(result.Passed);
        Assert.Equal("accuracy 0.874 < min 0.900 (short by 0.026)", result.Message);
        Assert.Equal(31, result.Location.Line);
        Assert.Equal("accuracy min 0.9", result.Name);
        Assert.Equal(0.874, result.Actual);
    }

    [Fact]
    public void Every_gate_is_evaluated_even_after_a_failure()
    {
        GateSpec[] gates =
        [
            new() { Metric = "accuracy", Min = 0.95, Location = Line(1) },
            new() { Metric = "log_loss", Max = 0.3, Location = Line(2) },
            new() { Metric = "accuracy", Min = 0.5, Location = Line(3) },
        ];

        var results = GateEvaluator.Evaluate(Inputs(), gates, []);

        Assert.Equal([false, false, true], results.Select(r => r.Passed));
        Assert.Equal("log_loss 0.460 > max 0.300 (over by 0.160)", results[1].Message);
        Assert.True(GateVerdict.HasFailed(results));
    }

    [Fact]
    public void A_failed_warning_gate_does_not_fail_the_verdict()
    {
        var results = GateEvaluator.Evaluate(Inputs(), [new GateSpec { Metric = "accuracy", Min = 0.95, Severity = Severity.Warning, Location = Line(4) }], []);

        Assert.False(results[0].Passed);
        Assert.Equal(GateVerdict.Passed, GateVerdict.Of(results));
    }

    [Fact]
    public void A_gate_on_a_metric_that_was_not_computed_fails_and_says_so()
    {
        var result = Single(Inputs(), new GateSpec { Metric = "macro_f1", Min = 0.8, Location = Line(5) });

        Assert.False(result.Passed);
        Assert.Null(result.Actual);
        Assert.Contains("macro_f1 was not computed on the validation split", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_champion_the_champion_gate_passes_and_says_there_is_none_yet()
    {
        var result = Single(Inputs(), new GateSpec { Metric = "accuracy", Against = GateReference.Champion, MaxRegression = 0.01, Location = Line(6) });

        Assert.True(result.Passed);
        Assert.StartsWith("no champion yet", result.Message, StringComparison.Ordinal);
        // Issue 15, item 4: it does not fail the run, but it is skipped, not passed.
        Assert.True(result.Skipped);
    }

    [Theory]
    // champion 0.871, max_regression 0.01 → candidate must be ≥ 0.861
    [InlineData(0.850, false)]
    [InlineData(0.861, true)]
    [InlineData(0.900, true)]
    public void Max_regression_tolerates_an_absolute_drop_against_the_champion(double candidate, bool passes)
    {
        var inputs = Inputs(candidate) with { Champion = new Dictionary<string, double> { ["accuracy"] = 0.871 } };

        var result = Single(inputs, new GateSpec { Metric = "accuracy", Against = GateReference.Champion, MaxRegression = 0.01, Location = Line(7) });

        Assert.Equal(passes, result.Passed);
        Assert.Equal(0.861, result.Threshold!.Value, 12);
        Assert.Equal(GateResultKind.Champion, result.Kind);
    }

    [Theory]
    // MLflow: higher is better → candidate ≥ baseline + min_absolute_change (0.80 + 0.02)
    [InlineData("accuracy", 0.83, null, 0.02, null, null, true, 0.82)]
    [InlineData("accuracy", 0.81, null, 0.02, null, null, false, 0.82)]
    // MLflow: higher is better → candidate ≥ baseline·(1 + min_relative_change) = 0.80·1.1
    [InlineData("accuracy", 0.87, null, null, 0.1, null, false, 0.88)]
    // MLflow: lower is better (inferred for log_loss) → candidate ≤ baseline·(1 − 0.1) = 0.45
    [InlineData("log_loss", 0.46, null, null, 0.1, null, false, 0.45)]
    [InlineData("log_loss", 0.44, null, null, 0.1, null, true, 0.45)]
    // max_relative_regression 0.05 → candidate ≥ 0.80 − 0.05·|0.80| = 0.76
    [InlineData("accuracy", 0.77, null, null, null, 0.05, true, 0.76)]
    // greater_is_better given explicitly overrides the name: log_loss treated as higher-is-better
    [InlineData("log_loss", 0.46, true, 0.0, null, null, false, 0.5)]
    public void Baseline_thresholds_have_mlflow_metric_threshold_semantics(
        string metric, double candidate, bool? greaterIsBetter, double? absolute, double? relative, double? relativeRegression, bool passes, double threshold)
    {
        var inputs = Inputs() with
        {
            Metrics = Splits(new() { [metric] = candidate }),
        };
        var gate = new GateSpec
        {
            Metric = metric, Against = GateReference.Baseline, GreaterIsBetter = greaterIsBetter,
            MinAbsoluteChange = absolute, MinRelativeChange = relative, MaxRelativeRegression = relativeRegression, Location = Line(8),
        };

        var result = Single(inputs, gate);

        Assert.Equal(passes, result.Passed);
        Assert.Equal(threshold, result.Threshold!.Value, 12);
        Assert.Contains("baseline", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overfit_gap_is_train_minus_validation_for_accuracy()
    {
        var result = Single(Inputs(), new GateSpec { Kind = GateKind.Overfit, Metric = "accuracy", MaxGap = 0.05, Location = Line(9) });

        Assert.False(result.Passed);
        Assert.Equal(0.99 - 0.874, result.Actual!.Value, 12);
        Assert.Equal("accuracy gap train 0.990 − validation 0.874 = 0.116 > max_gap 0.050 (over by 0.066)", result.Message);
    }

    [Theory]
    [InlineData(0.30, false)] // validation 0.46 − train 0.10 = 0.36 > 0.30
    [InlineData(0.40, true)]
    public void Overfit_gap_is_validation_minus_train_for_a_loss(double maxGap, bool passes)
    {
        var inputs = Inputs() with { Metrics = Splits(new() { ["log_loss"] = 0.46 }, new() { ["log_loss"] = 0.10 }) };

        var result = Single(inputs, new GateSpec { Kind = GateKind.Overfit, Metric = "log_loss", MaxGap = maxGap, Location = Line(10) });

        Assert.Equal(0.36, result.Actual!.Value, 12);
        Assert.Equal(passes, result.Passed);
        Assert.StartsWith("log_loss gap validation 0.460 − train 0.100", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forgetting_is_the_drop_from_the_base_model_on_the_original_task()
    {
        var inputs = Inputs() with { Forgetting = new Dictionary<string, ForgettingMeasurement> { ["accuracy"] = new(0.95, 0.88) } };

        var result = Single(inputs, new GateSpec { Kind = GateKind.Forgetting, Metric = "accuracy", MaxDrop = 0.05, Location = Line(11) });

        Assert.False(result.Passed);
        Assert.Equal(0.07, result.Actual!.Value, 12);
        Assert.Contains("(over by 0.020)", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.10, false)] // perplexity 12 → 13.5: fine-tuned / base 1.125 > 1.10
    [InlineData(1.125, true)]
    public void Forgetting_ratio_of_a_lower_is_better_metric_is_fine_tuned_over_base(double maxRatio, bool passes)
    {
        var inputs = Inputs() with { Forgetting = new Dictionary<string, ForgettingMeasurement> { ["perplexity"] = new(12.0, 13.5) } };

        var result = Single(inputs, new GateSpec { Kind = GateKind.Forgetting, Metric = "perplexity", MaxRatio = maxRatio, Location = Line(11) });

        Assert.Equal(passes, result.Passed);
        Assert.Equal(1.125, result.Actual!.Value, 12);
        Assert.Equal((maxRatio, "<="), (result.Threshold, result.Comparison));
        Assert.Equal($"forgetting perplexity max_ratio {GateText.AsWritten(maxRatio)}", result.Name);
        Assert.StartsWith("perplexity on the original task: base 12.000 → fine-tuned 13.500, ratio fine-tuned / base 1.125", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forgetting_ratio_of_a_greater_is_better_metric_is_base_over_fine_tuned()
    {
        var inputs = Inputs() with { Forgetting = new Dictionary<string, ForgettingMeasurement> { ["accuracy"] = new(0.90, 0.80) } };

        var result = Single(inputs, new GateSpec { Kind = GateKind.Forgetting, Metric = "accuracy", MaxRatio = 1.10, Location = Line(11) });

        Assert.False(result.Passed); // 0.80 < 0.90 / 1.10 = 0.818
        Assert.Equal(0.90 / 0.80, result.Actual!.Value, 12);
        Assert.Contains("ratio base / fine-tuned 1.125 > max_ratio 1.100 (over by 0.025)", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forgetting_with_max_drop_and_max_ratio_gives_one_result_per_bound_and_both_must_hold()
    {
        var inputs = Inputs() with { Forgetting = new Dictionary<string, ForgettingMeasurement> { ["perplexity"] = new(100.0, 105.0) } };
        var gate = new GateSpec { Kind = GateKind.Forgetting, Metric = "perplexity", MaxDrop = 2, MaxRatio = 1.10, Location = Line(11) };

        var results = GateEvaluator.Evaluate(inputs, [gate], []);

        Assert.Equal([("forgetting perplexity max_drop 2", false, 5.0), ("forgetting perplexity max_ratio 1.1", true, 1.05)],
            results.Select(r => (r.Name, r.Passed, Math.Round(r.Actual!.Value, 12))));
    }

    [Theory]
    [InlineData(-2.0, -1.0)] // a log-probability: no ratio
    [InlineData(0.9, 0.0)]
    public void Forgetting_ratio_without_two_positive_values_fails_and_points_to_max_drop(double baseValue, double fineTuned)
    {
        var inputs = Inputs() with { Forgetting = new Dictionary<string, ForgettingMeasurement> { ["accuracy"] = new(baseValue, fineTuned) } };

        var result = Single(inputs, new GateSpec { Kind = GateKind.Forgetting, Metric = "accuracy", MaxRatio = 1.5, Location = Line(11) });

        Assert.False(result.Passed);
        Assert.Null(result.Actual);
        Assert.Contains("max_drop", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forgetting_without_a_measurement_fails_and_points_to_the_setting()
    {
        var result = Single(Inputs(), new GateSpec { Kind = GateKind.Forgetting, Metric = "accuracy", MaxDrop = 0.05, Location = Line(12) });

        Assert.False(result.Passed);
        Assert.Contains("evaluation.forgetting", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bias_gate_compares_the_value_or_with_use_bound_the_pessimistic_end()
    {
        var fairness = new FairnessResult { Attribute = "sex", Metric = "demographic_parity_difference", Value = 0.08, Lower = 0.02, Upper = 0.14 };
        var inputs = Inputs() with { Fairness = [fairness] };
        var entry = new BiasSpec { Attribute = "sex", Metric = "demographic_parity_difference", Max = 0.10, Location = Line(40) };

        var point = Assert.Single(GateEvaluator.Evaluate(inputs, [], [entry]));
        var bound = Assert.Single(GateEvaluator.Evaluate(inputs, [], [entry with { UseBound = true }]));

        Assert.True(point.Passed);
        Assert.False(bound.Passed);
        Assert.Equal(0.14, bound.Actual);
        Assert.Equal(GateResultKind.Bias, bound.Kind);
        Assert.Equal(40, bound.Location.Line);
        Assert.Contains("upper confidence bound", bound.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_undefined_fairness_value_fails_its_gate_with_the_reason()
    {
        var fairness = new FairnessResult { Attribute = "sex", Metric = "demographic_parity_ratio", Value = null, Warnings = ["MLOPS605: metric undefined: every group's selection rate is 0"] };
        var entry = new BiasSpec { Attribute = "sex", Metric = "demographic_parity_ratio", Min = 0.8, Location = Line(41) };

        var result = Assert.Single(GateEvaluator.Evaluate(Inputs() with { Fairness = [fairness] }, [], [entry]));

        Assert.False(result.Passed);
        Assert.Contains("selection rate is 0", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Failed_gates_become_diagnostics_on_their_spec_lines()
    {
        GateSpec[] gates =
        [
            new() { Metric = "accuracy", Min = 0.9, Location = Line(31) },
            new() { Metric = "accuracy", Min = 0.95, Severity = Severity.Warning, Location = Line(32) },
            new() { Metric = "accuracy", Min = 0.5, Location = Line(33) },
        ];

        var diagnostics = GateDiagnostics.From(GateEvaluator.Evaluate(Inputs(), gates, []));

        Assert.Equal(2, diagnostics.Count);
        Assert.Equal("spec.yaml(31,5): error MLOPS511: gate 'accuracy min 0.9' failed: accuracy 0.874 < min 0.900 (short by 0.026)", diagnostics[0].ToString());
        Assert.False(diagnostics[1].IsError);
    }
}
