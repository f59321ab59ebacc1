using static MlOps.Core.Fairness.FairnessMetricNames;

using MlOps.Contracts.Results;
namespace MlOps.Core.Fairness;

/// <summary>
/// Fairlearn's between-groups aggregates over the groups that are large enough:
/// difference = max − min of the per-group rate, ratio = min / max; equalized odds takes the worse
/// (larger difference, smaller ratio) of TPR and FPR. A group whose rate is undefined (TPR without
/// actual positives, FPR without actual negatives) is left out of that rate with a warning — Fairlearn
/// would carry a NaN there. Disparate impact: the smallest unprivileged/privileged selection-rate ratio.
/// </summary>
internal static class FairnessMetrics
{
    public sealed record Outcome(double? Value, string? PrivilegedGroup);

    public static Outcome Compute(string metric, IReadOnlyList<GroupStatistics> groups, string? privileged, ICollection<string>? warnings)
    {
        return metric switch
        {
            DemographicParityDifference => new(Difference(groups, g => g.SelectionRate, "selection rate", warnings), null),
            DemographicParityRatio => new(Ratio(groups, g => g.SelectionRate, "selection rate", warnings), null),
            EqualOpportunityDifference => new(Difference(groups, g => g.TruePositiveRate, "true positive rate", warnings), null),
            EqualOpportunityRatio => new(Ratio(groups, g => g.TruePositiveRate, "true positive rate", warnings), null),
            EqualizedOddsDifference => new(Worst(
                Difference(groups, g => g.TruePositiveRate, "true positive rate", warnings),
                Difference(groups, g => g.FalsePositiveRate, "false positive rate", warnings),
                Math.Max), null),
            EqualizedOddsRatio => new(Worst(
                Ratio(groups, g => g.TruePositiveRate, "true positive rate", warnings),
                Ratio(groups, g => g.FalsePositiveRate, "false positive rate", warnings),
                Math.Min), null),
            DisparateImpact => DisparateImpactOf(groups, privileged, warnings),
            _ => throw new ArgumentException($"unknown fairness metric '{metric}'", nameof(metric)),
        };
    }

    private static double? Difference(IReadOnlyList<GroupStatistics> groups, Func<GroupStatistics, double?> rate, string what, ICollection<string>? warnings)
    {
        var values = Defined(groups, rate, what, warnings);
        return values.Count < 2 ? Undefined($"fewer than two groups have a defined {what}", warnings) : values.Max() - values.Min();
    }

    private static double? Ratio(IReadOnlyList<GroupStatistics> groups, Func<GroupStatistics, double?> rate, string what, ICollection<string>? warnings)
    {
        var values = Defined(groups, rate, what, warnings);
        if (values.Count < 2)
        {
            return Undefined($"fewer than two groups have a defined {what}", warnings);
        }
        return values.Max() == 0 ? Undefined($"every group's {what} is 0, so the ratio is 0/0", warnings) : values.Min() / values.Max();
    }

    private static List<double> Defined(IReadOnlyList<GroupStatistics> groups, Func<GroupStatistics, double?> rate, string what, ICollection<string>? warnings)
    {
        var values = new List<double>();
        foreach (var group in groups)
        {
            if (rate(group) is { } value)
            {
                values.Add(value);
            }
            else
            {
                warnings?.Add($"{FairnessErrorCodes.RateUndefined}: group '{group.Group}' has no rows to define its {what}; it is left out of the {what} comparison");
            }
        }
        return values;
    }

    private static double? Worst(double? a, double? b, Func<double, double, double> pick) =>
        (a, b) switch
        {
            ({ } x, { } y) => pick(x, y),
            ({ } x, null) => x,
            (null, { } y) => y,
            _ => null,
        };

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
