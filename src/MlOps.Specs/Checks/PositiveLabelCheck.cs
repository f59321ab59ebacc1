using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Metrics;
using MlOps.Specs.Model;

namespace MlOps.Specs.Checks;

/// <summary>
/// Binary metrics (precision, recall, f1) and fairness need a positive class: a task with other
/// than two classes must name it in <c>evaluation.positive_label</c>, and a named one must be a class.
/// Checked wherever the class list is known: by <c>mlops validate</c> and the MSBuild check when the
/// spec or the data's label column gives it, and by every run right after the data loads, before
/// training. Each problem points at the gate, bias entry or key that needs the label.
/// </summary>
public static class PositiveLabelCheck
{
    /// <summary>evaluation.positive_label is not one of the classes.</summary>
    public const string UnknownPositiveLabel = "MLOPS503";
    /// <summary>A binary metric (precision/recall/f1, fairness) on a task without two classes and without evaluation.positive_label.</summary>
    public const string PositiveLabelRequired = "MLOPS504";
    /// <summary>bias[].favourable_label is not one of the classes (a fairness code: the check lives here because it needs the same classes).</summary>
    public const string UnknownFavourableLabel = "MLOPS607";

    private static readonly string[] BinaryMetrics = [MetricNames.Precision, MetricNames.Recall, MetricNames.F1];

    /// <summary>At load time: only when the spec needs a positive class, with the classes the spec or the training file gives.</summary>
    internal static IReadOnlyList<Diagnostic> CheckBeforeTraining(FineTuneSpec spec)
    {
        var needed = spec.Evaluation.PositiveLabel is not null || spec.Bias.Any(b => b.Counterfactual is null)
            || spec.Gates.Any(g => BinaryMetrics.Contains(g.Metric)) || spec.Evaluation.Metrics.Any(BinaryMetrics.Contains);
        return needed && TrainingClasses.Read(spec) is { } classes ? Check(spec, classes) : [];
    }

    /// <param name="classes">The task's classes (the run's, or those the data gives before it).</param>
    public static IReadOnlyList<Diagnostic> Check(FineTuneSpec spec, IReadOnlyList<string> classes)
    {
        if (spec is null)
        {
            throw new ArgumentNullException(nameof(spec));
        }
        if (classes is null || classes.Count == 0)
        {
            return [];
        }
        var declared = spec.Evaluation.PositiveLabel;
        var shown = string.Join(", ", classes.Take(20)) + (classes.Count > 20 ? ", …" : "");
        var favourable = spec.Bias.Where(b => b.FavourableLabel is { } f && !classes.Contains(f))
            .Select(b => Diagnostic.Error(UnknownFavourableLabel,
                $"favourable_label '{b.FavourableLabel}' of the bias check on '{b.Attribute}' is not a class of this task{Binding.Suggestions.DidYouMean(b.FavourableLabel!, classes)} (classes: {shown})",
                b.Location))
            .ToList();
        return [.. favourable, .. CheckPositive(spec, classes, declared, shown)];
    }

    private static IReadOnlyList<Diagnostic> CheckPositive(FineTuneSpec spec, IReadOnlyList<string> classes, string? declared, string shown)
    {
        if (declared is not null)
        {
            return classes.Contains(declared)
                ? []
                : [Diagnostic.Error(UnknownPositiveLabel,
                    $"evaluation.positive_label '{declared}' is not a class of this task; classes are: {shown}",
                    spec.At(spec.Evaluation.PositiveLabelLocation))];
        }
        if (classes.Count == 2)
        {
            return [];
        }
        var need = $"this task has {classes.Count} classes, so it needs evaluation.positive_label (one of: {shown})";
        var result = new List<Diagnostic>();
        foreach (var gate in spec.Gates.Where(g => BinaryMetrics.Contains(g.Metric)))
        {
            result.Add(Diagnostic.Error(PositiveLabelRequired, $"gate on '{gate.Metric}' is a binary metric: {need}, or gate on macro_{gate.Metric} instead", gate.Location));
        }
        foreach (var bias in spec.Bias.Where(b => b.Counterfactual is null))
        {
            result.Add(Diagnostic.Error(PositiveLabelRequired, $"bias check '{bias.Metric}' on '{bias.Attribute}' compares positive predictions: {need}", bias.Location));
        }
        var listed = spec.Evaluation.Metrics.Where(m => BinaryMetrics.Contains(m) && !spec.Gates.Any(g => g.Metric == m)).ToList();
        if (listed.Count > 0)
        {
            result.Add(Diagnostic.Error(PositiveLabelRequired,
                $"evaluation.metrics lists {string.Join(", ", listed)}, binary metrics: {need}, or use macro_ averages",
                spec.At(spec.Evaluation.MetricsLocation)));
        }
        return result;
    }
}
