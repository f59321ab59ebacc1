using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Evaluation;
using MlOps.Core.Fairness;
using MlOps.Core.Tests.Evaluation;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Fairness;

/// <summary>Hand-built cases checked against Fairlearn's definitions (MetricFrame between_groups).</summary>
public sealed class FairnessCalculatorTests
{
    // Binary, positive "1" (second in sorted order).
    // A: y [1,1,0,0] ŷ [1,0,1,0] → selection 2/4, TPR 1/2, FPR 1/2, accuracy 2/4
    // B: y [1,1,0,0] ŷ [1,1,1,0] → selection 3/4, TPR 1,   FPR 1/2, accuracy 3/4
    // C: y [0,0]     ŷ [1,1]     → 2 rows < min_group_size 3: reported, excluded
    // D: y [0,0,0]   ŷ [0,1,0]   → selection 1/3, TPR undefined (no positives), FPR 1/3
    private static Predictions Binary(bool withD)
    {
        List<long> labels = [1, 1, 0, 0, 1, 1, 0, 0, 0, 0];
        List<int> predicted = [1, 0, 1, 0, 1, 1, 1, 0, 1, 1];
        List<string> groups = ["A", "A", "A", "A", "B", "B", "B", "B", "C", "C"];
        if (withD)
        {
            labels.AddRange([0, 0, 0]);
            predicted.AddRange([0, 1, 0]);
            groups.AddRange(["D", "D", "D"]);
        }
        return TestPredictions.Of(["0", "1"], [.. labels], [.. predicted], new() { ["sex"] = [.. groups] });
    }

    private static BiasSpec Spec(string metric, int minGroupSize = 3, string? privileged = null) => new()
    {
        Attribute = "sex",
        Metric = metric,
        Max = 0.1,
        MinGroupSize = minGroupSize,
        Privileged = privileged,
        Location = new SourceLocation("spec.yaml", 40, 5),
    };

    [Theory]
    [InlineData(FairnessMetricNames.DemographicParityDifference, 0.75 - 0.5)]
    [InlineData(FairnessMetricNames.DemographicParityRatio, 0.5 / 0.75)]
    [InlineData(FairnessMetricNames.EqualizedOddsDifference, 0.5)]          // max(TPR 1−½, FPR ½−½)
    [InlineData(FairnessMetricNames.EqualizedOddsRatio, 0.5)]               // min(TPR ½/1, FPR ½/½)
    [InlineData(FairnessMetricNames.EqualOpportunityDifference, 0.5)]
    [InlineData(FairnessMetricNames.EqualOpportunityRatio, 0.5)]
    [InlineData(FairnessMetricNames.DisparateImpact, 0.5 / 0.75)]           // A over B (highest selection rate)
    public void Metrics_follow_fairlearn_and_leave_out_the_small_group(string metric, double expected)
    {
        var result = FairnessCalculator.Compute(Binary(withD: false), Spec(metric), positiveLabel: null);

        Assert.Equal(expected, result.Value!.Value, 9);
        var c = Assert.Single(result.Groups, g => g.Group == "C");
        Assert.True(c.Excluded);
        Assert.Equal(1.0, c.SelectionRate);
        Assert.Contains(result.Warnings, w => w.Contains("'C'", StringComparison.Ordinal) && w.Contains("min_group_size 3", StringComparison.Ordinal));
    }

    [Fact]
    public void Per_group_table_holds_counts_and_rates()
    {
        var result = FairnessCalculator.Compute(Binary(withD: false), Spec(FairnessMetricNames.DemographicParityDifference), null);

        var a = result.Groups.Single(g => g.Group == "A");
        Assert.Equal(new GroupStatistics("A", 4, false, 0.5, 0.5, 0.5, 0.5), a);
        Assert.Equal(["A", "B", "C"], result.Groups.Select(g => g.Group));
    }

    [Fact]
    public void Disparate_impact_uses_the_declared_privileged_group_and_names_it()
    {
        var result = FairnessCalculator.Compute(Binary(withD: false), Spec(FairnessMetricNames.DisparateImpact, privileged: "A"), null);

        Assert.Equal(0.75 / 0.5, result.Value!.Value, 9);
        Assert.Equal("A", result.PrivilegedGroup);
    }

    [Fact]
    public void Highest_selection_rate_is_the_privileged_group_when_none_is_declared()
    {
        var result = FairnessCalculator.Compute(Binary(withD: false), Spec(FairnessMetricNames.DisparateImpact), null);

        Assert.Equal("B", result.PrivilegedGroup);
    }

    [Fact]
    public void A_group_without_positives_has_tpr_zero_as_in_fairlearn_with_a_warning()
    {
        var p = Binary(withD: true);

        var opportunity = FairnessCalculator.Compute(p, Spec(FairnessMetricNames.EqualOpportunityDifference), null);
        var parity = FairnessCalculator.Compute(p, Spec(FairnessMetricNames.DemographicParityDifference), null);
        var odds = FairnessCalculator.Compute(p, Spec(FairnessMetricNames.EqualizedOddsDifference), null);
        var ratio = FairnessCalculator.Compute(p, Spec(FairnessMetricNames.EqualOpportunityRatio), null);

        // scikit-learn's confusion_matrix(normalize="true") turns D's 0/0 into 0, and Fairlearn compares it.
        Assert.Equal(0.0, opportunity.Groups.Single(g => g.Group == "D").TruePositiveRate);
        Assert.Equal(1.0 - 0.0, opportunity.Value!.Value, 9);                // A ½, B 1, D 0
        Assert.Equal(0.0, ratio.Value!.Value, 9);
        Assert.Contains(opportunity.Warnings, w => w.Contains("'D'", StringComparison.Ordinal) && w.Contains("true positive rate is 0/0", StringComparison.Ordinal));
        Assert.Equal(0.75 - (1.0 / 3), parity.Value!.Value, 9);
        Assert.Equal(1.0, odds.Value!.Value, 9);                             // TPR 1 − 0 beats FPR ½ − ⅓
    }

    [Fact]
    public void Undefined_rate_exclude_leaves_a_group_without_positives_out_of_tpr_only()
    {
        var p = Binary(withD: true);
        BiasSpec Exclude(string metric) => Spec(metric) with { UndefinedRate = UndefinedRate.Exclude };

        var opportunity = FairnessCalculator.Compute(p, Exclude(FairnessMetricNames.EqualOpportunityDifference), null);
        var odds = FairnessCalculator.Compute(p, Exclude(FairnessMetricNames.EqualizedOddsDifference), null);

        Assert.Null(opportunity.Groups.Single(g => g.Group == "D").TruePositiveRate);
        Assert.Equal(1.0 - 0.5, opportunity.Value!.Value, 9);                // A and B only
        Assert.Contains(opportunity.Warnings, w => w.Contains("'D'", StringComparison.Ordinal) && w.Contains("undefined_rate: exclude", StringComparison.Ordinal));
        Assert.Equal(Math.Max(0.5, 0.5 - (1.0 / 3)), odds.Value!.Value, 9);  // FPR: A ½, B ½, D ⅓
    }

    [Fact]
    public void Multi_class_is_one_vs_rest_for_the_declared_positive_label()
    {
        // positive "dog". X: y [dog,cat,dog] ŷ [dog,dog,bird] → sel 2/3, TPR 1/2, FPR 1/1
        //                 Y: y [bird,dog,cat] ŷ [bird,dog,cat] → sel 1/3, TPR 1,   FPR 0/2
        var p = TestPredictions.Of(["cat", "dog", "bird"], [1, 0, 1, 2, 1, 0], [1, 1, 2, 2, 1, 0],
            new() { ["sex"] = ["X", "X", "X", "Y", "Y", "Y"] });

        var odds = FairnessCalculator.Compute(p, Spec(FairnessMetricNames.EqualizedOddsDifference, minGroupSize: 1), "dog");
        var parity = FairnessCalculator.Compute(p, Spec(FairnessMetricNames.DemographicParityDifference, minGroupSize: 1), "dog");

        Assert.Equal(Math.Max(1 - 0.5, 1 - 0.0), odds.Value!.Value, 9);
        Assert.Equal((2.0 / 3) - (1.0 / 3), parity.Value!.Value, 9);
        Assert.Equal(1.0 / 3, odds.Groups.Single(g => g.Group == "X").Accuracy, 9);
    }

    [Fact]
    public void Multi_class_without_a_positive_label_is_an_error()
    {
        var p = TestPredictions.Of(["cat", "dog", "bird"], [0, 1], [0, 1], new() { ["sex"] = ["X", "Y"] });

        var e = Assert.Throws<MlOpsException>(() => FairnessCalculator.Compute(p, Spec(FairnessMetricNames.DemographicParityDifference), null));

        Assert.Equal(EvaluationErrorCodes.PositiveLabelRequired, e.Diagnostics[0].Code);
    }

    [Fact]
    public void An_attribute_without_groups_is_an_error_at_the_bias_entry()
    {
        var spec = Spec(FairnessMetricNames.DemographicParityDifference) with { Attribute = "race" };

        var e = Assert.Throws<MlOpsException>(() => FairnessCalculator.Compute(Binary(false), spec, null));

        Assert.Equal(FairnessErrorCodes.AttributeMissing, e.Diagnostics[0].Code);
        Assert.Equal(40, e.Diagnostics[0].Location.Line);
    }

    [Fact]
    public void Fewer_than_two_usable_groups_leave_the_metric_undefined_with_a_warning()
    {
        var result = FairnessCalculator.Compute(Binary(false), Spec(FairnessMetricNames.DemographicParityDifference, minGroupSize: 5), null);

        Assert.Null(result.Value);
        Assert.All(result.Groups, g => Assert.True(g.Excluded));
        Assert.Contains(result.Warnings, w => w.StartsWith(FairnessErrorCodes.MetricUndefined, StringComparison.Ordinal));
    }

    [Fact]
    public void Bootstrap_interval_is_seeded_and_brackets_the_variation()
    {
        var p = Binary(withD: false);
        var bootstrap = new BootstrapSpec { Samples = 200, Confidence = 0.9 };

        var first = FairnessCalculator.Compute(p, Spec(FairnessMetricNames.DemographicParityDifference), null, bootstrap, seed: 7);
        var again = FairnessCalculator.Compute(p, Spec(FairnessMetricNames.DemographicParityDifference), null, bootstrap, seed: 7);

        Assert.Equal(first.Lower, again.Lower);
        Assert.Equal(first.Upper, again.Upper);
        Assert.True(first.Lower < first.Upper, $"interval {first.Lower}..{first.Upper}");
        Assert.InRange(first.Upper!.Value, 0.25, 1.0);
    }
}
