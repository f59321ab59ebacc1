using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Metrics;
using MlOps.Specs.Model;

namespace MlOps.Core.Evaluation;

/// <summary>
/// Classification metrics with scikit-learn's definitions. Averages follow scikit-learn's default
/// <c>labels=None</c>: macro/weighted averages run over the classes seen in the true labels or the
/// predictions (a class seen in neither is left out), and a ratio with a zero denominator is 0
/// (<c>zero_division=0</c>). balanced_accuracy averages recall over the classes that have rows.
/// </summary>
public static class MetricCalculator
{
    /// <param name="positiveLabel">evaluation.positive_label; needed by precision/recall/f1 only
    /// (binary default: second class in sorted order, see <see cref="PositiveLabel"/>).</param>
    /// <returns>metric → value; NaN where the metric is undefined on this data (roc_auc with one outcome).</returns>
    public static IReadOnlyDictionary<string, double> Compute(Predictions p, IEnumerable<string> names, string? positiveLabel)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(names);
        p.EnsureConsistent();
        var matrix = ConfusionMatrix.From(p);
        var perClass = PerClassMetrics.From(matrix, p.Classes);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            result[name] = name switch
            {
                MetricNames.Accuracy => (double)Enumerable.Range(0, p.ClassCount).Sum(matrix.TruePositives) / p.Rows,
                MetricNames.BalancedAccuracy => perClass.Where(m => m.Support > 0).Average(m => m.Recall),
                MetricNames.MacroPrecision => Macro(matrix, perClass, m => m.Precision),
                MetricNames.MacroRecall => Macro(matrix, perClass, m => m.Recall),
                MetricNames.MacroF1 => Macro(matrix, perClass, m => m.F1),
                MetricNames.WeightedPrecision => Weighted(perClass, m => m.Precision),
                MetricNames.WeightedRecall => Weighted(perClass, m => m.Recall),
                MetricNames.WeightedF1 => Weighted(perClass, m => m.F1),
                MetricNames.Precision => perClass[PositiveLabel.Resolve(p.Classes, positiveLabel)].Precision,
                MetricNames.Recall => perClass[PositiveLabel.Resolve(p.Classes, positiveLabel)].Recall,
                MetricNames.F1 => perClass[PositiveLabel.Resolve(p.Classes, positiveLabel)].F1,
                MetricNames.LogLoss => ProbabilityMetrics.LogLoss(p),
                MetricNames.Loss => ProbabilityMetrics.CrossEntropy(p),
                MetricNames.RocAuc => p.ClassCount == 2
                    ? ProbabilityMetrics.RocAuc(p, PositiveLabel.Resolve(p.Classes, positiveLabel))
                    : ProbabilityMetrics.RocAucOvrMacro(p),
                _ => throw new MlOpsException(Diagnostic.Error(
                    EvaluationErrorCodes.UnknownMetric,
                    $"unknown metric '{name}'; known classification metrics: {string.Join(", ", MetricNames.Classification)}",
                    SourceLocation.None("spec"))),
            };
        }
        return result;
    }

    /// <summary>Per-class precision, recall, F1 and support, every class listed (zero_division=0).</summary>
    public static IReadOnlyList<PerClassMetrics> PerClass(Predictions p) => PerClassMetrics.From(p);

    private static double Macro(ConfusionMatrix matrix, IReadOnlyList<PerClassMetrics> perClass, Func<PerClassMetrics, double> metric) =>
        Enumerable.Range(0, perClass.Count).Where(matrix.IsPresent).Average(c => metric(perClass[c]));

    private static double Weighted(IReadOnlyList<PerClassMetrics> perClass, Func<PerClassMetrics, double> metric)
    {
        var support = perClass.Sum(m => m.Support);
        return support == 0 ? 0 : perClass.Sum(m => metric(m) * m.Support) / support;
    }
}
