using System.Globalization;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Data;
using MlOps.Specs.Binding;
using MlOps.Specs.Model;

namespace MlOps.Core.Fairness;

/// <summary>
/// What a bias entry needs from the data, checked as soon as the data loads, before any training:
/// its privileged group exists in the validation data and is large enough, and at least two groups
/// are there to compare (that favourable_label is a class is PositiveLabelCheck's, which mlops
/// validate runs too). Each mistake used to surface only after
/// training, as an undefined metric.
/// </summary>
internal static class BiasReadiness
{
    public static IReadOnlyList<Diagnostic> Check(IReadOnlyList<BiasSpec> bias, LoadedData data)
    {
        var problems = new List<Diagnostic>();
        foreach (var entry in bias)
        {
            if (!data.Validation.Groups.TryGetValue(entry.Attribute, out var groupOfRow))
            {
                continue;
            }
            var counts = groupOfRow.Where(g => !ReferenceEquals(g, SensitiveGroups.Dropped))
                .GroupBy(g => g, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var all = entry.Groups == BiasGroups.All;
            var usable = counts.Where(c => all || c.Value >= entry.MinGroupSize).Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
            var listing = string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} ({c.Value})")));
            if (usable.Count < 2)
            {
                var why = all
                    ? $"the validation data holds {counts.Count} group(s) of '{entry.Attribute}'"
                    : counts.Count > 0 && usable.Count == 0
                        ? $"every group of '{entry.Attribute}' in the validation data is smaller than min_group_size {entry.MinGroupSize}"
                        : $"only {usable.Count} group(s) of '{entry.Attribute}' in the validation data reach min_group_size {entry.MinGroupSize}";
                problems.Add(Diagnostic.Error(FairnessErrorCodes.TooFewGroups,
                    $"bias check {entry.Metric} on '{entry.Attribute}' cannot compare groups: {why} (groups and rows: {(listing.Length == 0 ? "none" : listing)}). Lower min_group_size, set groups: all, or add validation data",
                    entry.Location));
            }
            if (entry.Privileged is { } privileged)
            {
                if (!counts.TryGetValue(privileged, out var rows))
                {
                    problems.Add(Diagnostic.Error(FairnessErrorCodes.PrivilegedGroupMissing,
                        $"privileged group '{privileged}' of the bias check on '{entry.Attribute}' is not in the validation data{Suggestions.DidYouMean(privileged, counts.Keys)} (groups: {listing}); group names are case-sensitive",
                        entry.Location));
                }
                else if (!all && rows < entry.MinGroupSize)
                {
                    problems.Add(Diagnostic.Error(FairnessErrorCodes.PrivilegedGroupMissing,
                        string.Create(CultureInfo.InvariantCulture, $"privileged group '{privileged}' of the bias check on '{entry.Attribute}' has {rows} validation rows, fewer than min_group_size {entry.MinGroupSize}, so it would be excluded; lower min_group_size or set groups: all"),
                        entry.Location));
                }
            }
        }
        return problems;
    }
}
