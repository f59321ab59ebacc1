using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Metrics;
using MlOps.Core.Evaluation;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Evaluation;

public sealed class MetricCalculatorTests
{
    // y_true = [a,a,a,b,b,c], y_pred = [a,a,b,b,b,a]
    // confusion (rows true): a:[2,1,0]  b:[0,2,0]  c:[1,0,0]
    // a: tp 2, predicted 3, support 3 → P 2/3, R 2/3, F1 4/6
    // b: tp 2, predicted 3, support 2 → P 2/3, R 1,   F1 4/5
    // c: tp 0, predicted 0, support 1 → P 0 (zero_division), R 0, F1 0
    private static readonly string[] Abc = ["a", "b", "c"];
    private static readonly long[] Labels = [0, 0, 0, 1, 1, 2];
    private static readonly int[] Predicted = [0, 0, 1, 1, 1, 0];

    private static IReadOnlyDictionary<string, double> ComputeAll(string[] classes) =>
        MetricCalculator.Compute(TestPredictions.Of(classes, Labels, Predicted), MetricNames.Classification.Except([MetricNames.Precision, MetricNames.Recall, MetricNames.F1]), null);

    [Fact]
    public void Averages_match_scikit_learn_with_zero_division_0()
    {
        var m = ComputeAll(Abc);

        Assert.Equal(4.0 / 6, m[MetricNames.Accuracy], 12);
        Assert.Equal(((2.0 / 3) + 1 + 0) / 3, m[MetricNames.BalancedAccuracy], 12);      // mean recall = 5/9
        Assert.Equal(((2.0 / 3) + (2.0 / 3) + 0) / 3, m[MetricNames.MacroPrecision], 12); // 4/9
        Assert.Equal(((2.0 / 3) + 1 + 0) / 3, m[MetricNames.MacroRecall], 12);           // 5/9
        Assert.Equal(((2.0 / 3) + 0.8 + 0) / 3, m[MetricNames.MacroF1], 12);             // 0.488889
        Assert.Equal(((3 * 2.0 / 3) + (2 * 2.0 / 3) + 0) / 6, m[MetricNames.WeightedPrecision], 12); // 0.555556
        Assert.Equal(4.0 / 6, m[MetricNames.WeightedRecall], 12);                        // equals accuracy
        Assert.Equal(((3 * 2.0 / 3) + (2 * 0.8) + 0) / 6, m[MetricNames.WeightedF1], 12); // 0.6
    }

    [Fact]
    public void A_class_seen_in_neither_labels_nor_predictions_is_left_out_of_macro_averages_like_labels_none()
    {
        var withUnseen = ComputeAll([.. Abc, "never"]);
        var without = ComputeAll(Abc);

        Assert.Equal(without[MetricNames.MacroF1], withUnseen[MetricNames.MacroF1], 12);
        Assert.Equal(without[MetricNames.MacroPrecision], withUnseen[MetricNames.MacroPrecision], 12);
    }

    [Fact]
    public void Per_class_metrics_list_every_class_with_support()
    {
        var perClass = MetricCalculator.PerClass(TestPredictions.Of(Abc, Labels, Predicted));

        Assert.Equal(["a", "b", "c"], perClass.Select(m => m.Class));
        Assert.Equal([3, 2, 1], perClass.Select(m => m.Support));
        Assert.Equal(0.8, perClass[1].F1, 12);
        Assert.Equal(1.0, perClass[1].Recall, 12);
        Assert.Equal(0.0, perClass[2].Precision);
    }

    [Fact]
    public void Log_loss_is_the_mean_negative_log_probability_of_the_true_class()
    {
        var m = MetricCalculator.Compute(TestPredictions.Of(Abc, Labels, Predicted), [MetricNames.LogLoss, MetricNames.Loss], null);

        // 4 rows right (p = 0.7), 2 wrong (p = 0.15): (4·−ln 0.7 + 2·−ln 0.15) / 6 = 0.870157
        var expected = ((4 * -Math.Log(0.7)) + (2 * -Math.Log(0.15))) / 6;
        Assert.Equal(expected, m[MetricNames.LogLoss], 6);
        Assert.Equal(expected, m[MetricNames.Loss], 6);
    }

    [Fact]
    public void Log_loss_clips_a_zero_probability_to_float64_eps_while_loss_is_infinite()
    {
        var p = TestPredictions.WithProbabilities(["n", "y"], [0], [[0f, 1f]]);

        var m = MetricCalculator.Compute(p, [MetricNames.LogLoss, MetricNames.Loss], null);

        // p(true) = 0 is clipped to eps, so log_loss = −ln(2.220446e-16) = 36.043653
        Assert.Equal(-Math.Log(2.220446049250313e-16), m[MetricNames.LogLoss], 9);
        Assert.Equal(double.PositiveInfinity, m[MetricNames.Loss]);
    }

    [Fact]
    public void Binary_roc_auc_gives_tied_scores_half_credit()
    {
        // y = [0,1,0,1], p(1) = [0.5,0.5,0.2,0.9]; pairs (pos, neg): (0.5,0.5)=½ (0.5,0.2)=1 (0.9,0.5)=1 (0.9,0.2)=1 → 3.5/4
        var p = TestPredictions.WithProbabilities(["0", "1"], [0, 1, 0, 1], [[0.5f, 0.5f], [0.5f, 0.5f], [0.8f, 0.2f], [0.1f, 0.9f]]);

        Assert.Equal(0.875, MetricCalculator.Compute(p, [MetricNames.RocAuc], null)[MetricNames.RocAuc], 12);
    }

    [Fact]
    public void Multi_class_roc_auc_is_the_one_vs_rest_macro_average()
    {
        // labels [0,1,2,0]; class 0 scores [.6,.2,.1,.2]: pos {.6,.2} vs neg {.2,.1} → (1+1+½+1)/4 = .875
        // class 1 scores [.3,.5,.3,.6]: pos {.5} vs {.3,.3,.6} → 2/3; class 2 [.1,.3,.6,.2]: → 1
        var p = TestPredictions.WithProbabilities(["x", "y", "z"], [0, 1, 2, 0],
            [[0.6f, 0.3f, 0.1f], [0.2f, 0.5f, 0.3f], [0.1f, 0.3f, 0.6f], [0.2f, 0.6f, 0.2f]]);

        Assert.Equal((0.875 + (2.0 / 3) + 1) / 3, MetricCalculator.Compute(p, [MetricNames.RocAuc], null)[MetricNames.RocAuc], 12);
    }

    [Fact]
    public void Binary_precision_defaults_to_the_second_class_in_sorted_order()
    {
        // classes listed as [yes, no]; sorted: no, yes → positive "yes" (index 0)
        // y = [yes, yes, no, no], pred = [yes, no, yes, yes] → precision(yes) = 1/3, recall(yes) = 1/2
        var p = TestPredictions.Of(["yes", "no"], [0, 0, 1, 1], [0, 1, 0, 0]);

        var m = MetricCalculator.Compute(p, [MetricNames.Precision, MetricNames.Recall, MetricNames.F1], null);

        Assert.Equal(1.0 / 3, m[MetricNames.Precision], 12);
        Assert.Equal(0.5, m[MetricNames.Recall], 12);
        Assert.Equal(2.0 * 1 / (3 + 2), m[MetricNames.F1], 12); // 2tp/(predicted+support)
        // positive "no": predicted only on row 1, which is "yes" → precision 0
        Assert.Equal(0.0, MetricCalculator.Compute(p, [MetricNames.Precision], "no")[MetricNames.Precision], 12);
    }

    [Fact]
    public void Binary_metrics_on_a_multi_class_task_need_the_positive_label()
    {
        var e = Assert.Throws<MlOpsException>(() => MetricCalculator.Compute(TestPredictions.Of(Abc, Labels, Predicted), [MetricNames.F1], null));

        Assert.Equal(EvaluationErrorCodes.PositiveLabelRequired, e.Diagnostics[0].Code);
        Assert.Contains("positive_label", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_metric_is_rejected_by_name()
    {
        var e = Assert.Throws<MlOpsException>(() => MetricCalculator.Compute(TestPredictions.Of(Abc, Labels, Predicted), ["acuracy"], null));

        Assert.Equal(EvaluationErrorCodes.UnknownMetric, e.Diagnostics[0].Code);
        Assert.Contains("'acuracy'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Argmax_ties_go_to_the_lowest_class_index()
    {
        var p = TestPredictions.WithProbabilities(["a", "b", "c"], [2], [[0.25f, 0.375f, 0.375f]]);

        Assert.Equal(1, p.Predicted(0));
    }
}
