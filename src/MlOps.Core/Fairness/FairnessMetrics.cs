using static MlOps.Core.Fairness.FairnessMetricNames;

using MlOps.Contracts.Results;
namespace MlOps.Core.Fairness;

/// <summary>
/// Fairlearn's between-groups aggregates (MetricFrame.difference/ratio, method="between_groups"):
/// difference = max − min of the per-group rate, ratio = min / max (0/0 is undefined, as Fairlearn's
/// NaN). A TPR without actual positives or an FPR without actual negatives is 0, as Fairlearn's
/// are (bias[].undefined_rate: exclude leaves such a group out of that rate's comparison instead). Equalized odds difference is the larger of the TPR and FPR
/// differences; equalized odds ratio is Python's <c>min([tpr_ratio, fpr_ratio])</c> as Fairlearn
/// computes it, so an undefined TPR ratio makes it undefined and an undefined FPR ratio alone leaves
/// the TPR ratio. One deviation: fewer than two groups give an undefined value (Fairlearn: difference
/// 0, ratio 1), so a check that compared nothing cannot pass. Disparate impact (not Fairlearn's): the
/// smallest unprivileged/privileged selection-rate ratio.
/// </summary>
internal static class FairnessMetrics
{
    public sealed record Outcome(double? Value, string? PrivilegedGroup);

    public static Outcome Compute(string metric, IReadOnlyList<GroupStatistics> groups, string? privileged, ICollection<string>? warnings)
    {
        return metric switch
        {
            DemographicParityDifference => new(Difference(groups, g => (double?)g.SelectionRate, "selection rate", warnings), null),
            DemographicParityRatio => new(Ratio(groups, g => (double?)g.SelectionRate, "selection rate", warnings), null),
            EqualOpportunityDifference => new(Difference(groups, Tpr, "true positive rate", warnings), null),
            EqualOpportunityRatio => new(Ratio(groups, Tpr, "true positive rate", warnings), null),
            EqualizedOddsDifference => new(Larger(
                Difference(groups, Tpr, "true positive rate", warnings),
                Difference(groups, Fpr, "false positive rate", warnings)), null),
            EqualizedOddsRatio => new(PythonMin(
                Ratio(groups, Tpr, "true positive rate", warnings),
                Ratio(groups, Fpr, "false positive rate", warnings)), null),
            DisparateImpact => DisparateImpactOf(groups, privileged, warnings),
            _ => throw new ArgumentException($"unknown fairness metric '{metric}'", nameof(metric)),
        };
    }

    private static double? Tpr(GroupStatistics g) => g.TruePositiveRate;

    private static double? Fpr(GroupStatistics g) => g.FalsePositiveRate;

    private static double? Difference(IReadOnlyList<GroupStatistics> groups, Func<GroupStatistics, double?> rate, string what, ICollection<string>? warnings)
    {
        var values = Defined(groups, rate, what, warnings);
        return values.Count < 2
            ? Undefined($"fewer than two groups to compare the {what} of", warnings)
            : values.Max() - values.Min();
    }

    private static double? Ratio(IReadOnlyList<GroupStatistics> groups, Func<GroupStatistics, double?> rate, string what, ICollection<string>? warnings)
    {
        var values = Defined(groups, rate, what, warnings);
        if (values.Count < 2)
        {
            return Undefined($"fewer than two groups to compare the {what} of", warnings);
        }
        var max = values.Max();
        return max == 0 ? Undefined($"every group's {what} is 0, so the ratio is 0/0", warnings) : values.Min() / max;
    }

    /// <summary>A rate is null only under undefined_rate: exclude (0/0): that group is left out of the rate's comparison.</summary>
    private static List<double> Defined(IReadOnlyList<GroupStatistics> groups, Func<GroupStatistics, double?> rate, string what, ICollection<string>? warnings)
    {
        var values = new List<double>(groups.Count);
        foreach (var group in groups)
        {
            if (rate(group) is { } value)
            {
                values.Add(value);
            }
            else
            {
                warnings?.Add($"{FairnessErrorCodes.RateUndefined}: group '{group.Group}' has no rows to define its {what} (0/0); undefined_rate: exclude leaves it out of the {what} comparison");
            }
        }
        return values;
    }

    /// <summary>Python's builtin max over [tpr, fpr]; undefined only with fewer than two groups to compare (or, under exclude, with a rate left without groups: then the other).</summary>
    private static double? Larger(double? tpr, double? fpr) => (tpr, fpr) switch
    {
        ({ } a, { } b) => Math.Max(a, b),
        ({ } a, null) => a,
        (null, { } b) => b,
        _ => null,
    };

    /// <summary>Python's builtin min over [tpr, fpr] with NaN for undefined: it keeps the first item unless a later one compares smaller.</summary>
    private static double? PythonMin(double? tpr, double? fpr) => tpr is not { } a ? null : fpr is { } b && b < a ? b : a;

    private static Outcome DisparateImpactOf(IReadOnlyList<GroupStatistics> groups, string? privileged, ICollection<string>? warnings)
    {
        var reference = privileged is null
            ? groups.OrderByDescending(g => g.SelectionRate).ThenBy(g => g.Group, StringComparer.Ordinal).FirstOrDefault()
            : groups.FirstOrDefault(g => string.Equals(g.Group, privileged, StringComparison.Ordinal));
        if (reference is null)
        {
            var message = privileged is null
                ? "no group is large enough to compare"
                : $"{FairnessErrorCodes.PrivilegedGroupMissing}: privileged group '{privileged}' is absent or excluded (groups: {string.Join(", ", groups.Select(g => g.Group))})";
            return new(Undefined(message, warnings), privileged);
        }
        var others = groups.Where(g => !ReferenceEquals(g, reference)).ToList();
        if (others.Count == 0)
        {
            return new(Undefined("there is no unprivileged group to compare with the privileged one", warnings), reference.Group);
        }
        if (reference.SelectionRate == 0)
        {
            return new(Undefined($"privileged group '{reference.Group}' has selection rate 0", warnings), reference.Group);
        }
        return new(others.Min(g => g.SelectionRate) / reference.SelectionRate, reference.Group);
    }

    private static double? Undefined(string why, ICollection<string>? warnings)
    {
        warnings?.Add(why.StartsWith("MLOPS", StringComparison.Ordinal) ? why : $"{FairnessErrorCodes.MetricUndefined}: metric undefined: {why}");
        return null;
    }
}
