using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;

namespace MlOps.Core.Evaluation;

/// <summary>
/// Which class counts as "positive" for binary metrics and fairness. Binary tasks default to the
/// second class in ordinal sorted order of the names (scikit-learn's pos_label=1 on labels {0,1});
/// multi-class tasks must declare it (the metric is then one-vs-rest for that class).
/// </summary>
public static class PositiveLabel
{
    public static int Resolve(IReadOnlyList<string> classes, string? declared)
    {
        if (declared is not null)
        {
            for (var i = 0; i < classes.Count; i++)
            {
                if (string.Equals(classes[i], declared, StringComparison.Ordinal))
                {
                    return i;
                }
            }
            throw new MlOpsException(Diagnostic.Error(
                EvaluationErrorCodes.UnknownPositiveLabel,
                $"evaluation.positive_label '{declared}' is not a class of this task; classes are: {string.Join(", ", classes)}",
                SourceLocation.None("spec")));
        }
        if (classes.Count != 2)
        {
            throw new MlOpsException(Diagnostic.Error(
                EvaluationErrorCodes.PositiveLabelRequired,
                $"this task has {classes.Count} classes: binary and fairness metrics need evaluation.positive_label (one of: {string.Join(", ", classes)})",
                SourceLocation.None("spec")));
        }
        var second = classes.Order(StringComparer.Ordinal).ElementAt(1);
        return classes.ToList().IndexOf(second);
    }
}
