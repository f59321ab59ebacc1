using MlOps.Contracts.Results;
using MlOps.Core.Fairness;
using MlOps.Specs.Model;
using static MlOps.Core.Gates.GateText;

namespace MlOps.Core.Gates;

/// <summary>
/// A bias entry as a gate: <c>max</c>/<c>min</c> on the fairness value. With <c>use_bound</c> the
/// pessimistic end of the bootstrap interval is compared (upper end for <c>max</c>, lower for <c>min</c>).
/// </summary>
internal static class BiasGate
{
    public static IEnumerable<GateResult> Evaluate(IReadOnlyList<FairnessResult> fairness, BiasSpec entry)
    {
        var result = fairness.FirstOrDefault(f =>
            string.Equals(f.Attribute, entry.Attribute, StringComparison.Ordinal) && string.Equals(f.Metric, entry.Metric, StringComparison.Ordinal));
        if (entry.Max is null && entry.Min is null)
        {
            yield return Make(entry, $"{entry.Attribute} {entry.Metric}", result?.Value, null, "", false,
                $"bias entry {entry.Attribute} {entry.Metric} has neither max nor min; give it a threshold");
            yield break;
        }
        if (entry.Max is { } max)
        {
            yield return Check(entry, result, max, atLeast: false);
        }
        if (entry.Min is { } min)
        {
            yield return Check(entry, result, min, atLeast: true);
        }
    }

    private static GateResult Check(BiasSpec entry, FairnessResult? result, double threshold, bool atLeast)
    {
        var name = $"{entry.Attribute} {entry.Metric} {(atLeast ? "min" : "max")} {AsWritten(threshold)}";
        var comparison = atLeast ? ">=" : "<=";
        if (result is null)
        {
            return Make(entry, name, null, threshold, comparison, false, $"{entry.Metric} on {entry.Attribute} was not computed");
        }
        var overAll = entry.Groups == BiasGroups.All;
        if ((overAll ? result.ValueAllGroups : result.Value) is not { } point)
        {
            var why = result.Warnings.Count > 0 ? string.Join("; ", result.Warnings) : "no usable groups";
            return Make(entry, name, null, threshold, comparison, false, $"{entry.Metric} on {entry.Attribute} is undefined: {why}");
        }
        var (actual, subject) = (point, $"{entry.Metric} on {entry.Attribute}{(overAll ? " (all groups)" : "")}");
        // The sized value is gated, but an excluded small group may be the worst one: show the value over all groups beside it.
        var note = !overAll && result.Groups.Any(g => g.Excluded)
            ? $" (over all groups, the small ones included: {(result.ValueAllGroups is { } a ? Number(a) : "undefined")}; groups: all gates on that)"
            : "";
        if (entry.UseBound)
        {
            var bound = atLeast ? result.Lower : result.Upper;
            if (bound is { } b)
            {
                (actual, subject) = (b, $"{entry.Metric} on {entry.Attribute} ({(atLeast ? "lower" : "upper")} confidence bound)");
            }
            else
            {
                note += " (use_bound is set but no bootstrap interval was computed: set evaluation.bootstrap; point value used)";
            }
        }
        var passed = atLeast ? actual >= threshold : actual <= threshold;
        var label = $"{(atLeast ? "min" : "max")} {Number(threshold)}";
        return Make(entry, name, actual, threshold, comparison, passed, Compare(subject, actual, atLeast, threshold, label, passed) + note);
    }

    private static GateResult Make(BiasSpec entry, string name, double? actual, double? threshold, string comparison, bool passed, string message) =>
        new()
        {
            Name = name,
            Metric = entry.Metric,
            Kind = GateResultKind.Bias,
            Actual = actual,
            Threshold = threshold,
            Comparison = comparison,
            Passed = passed,
            Severity = entry.Severity,
            Message = message,
            Location = entry.Location,
        };
}
