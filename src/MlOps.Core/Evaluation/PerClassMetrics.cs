using MlOps.Specs.Model;

namespace MlOps.Core.Evaluation;

/// <summary>
/// scikit-learn's precision_recall_fscore_support(average=None) for one class, zero_division=0:
/// a ratio whose denominator is 0 (no predictions of the class, or no rows of it) is 0.
/// </summary>
public sealed record PerClassMetrics(string Class, double Precision, double Recall, double F1, int Support)
{
    public static IReadOnlyList<PerClassMetrics> From(Predictions predictions) =>
        From(ConfusionMatrix.From(predictions), predictions.Classes);

    internal static IReadOnlyList<PerClassMetrics> From(ConfusionMatrix matrix, IReadOnlyList<string> classes) =>
        [.. Enumerable.Range(0, matrix.ClassCount).Select(c => ForClass(matrix, c, classes[c]))];

    internal static PerClassMetrics ForClass(ConfusionMatrix matrix, int c, string name)
    {
        var tp = matrix.TruePositives(c);
        var predicted = matrix.PredictedCount(c);
        var support = matrix.Support(c);
        // F1 as 2·tp / (2·tp + fp + fn), the form scikit-learn ≥ 1.3 uses; equal to the harmonic mean when defined.
        var f1Denominator = predicted + support;
        return new PerClassMetrics(
            name,
            Ratio(tp, predicted),
            Ratio(tp, support),
            Ratio(2.0 * tp, f1Denominator),
            support);
    }

    internal static double Ratio(double numerator, double denominator) => denominator == 0 ? 0 : numerator / denominator;
}
