using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Metrics;
using MlOps.Contracts.Results;
using MlOps.Core.Evaluation;
using MlOps.Specs.Model;

namespace MlOps.Core.Fairness;

/// <summary>
/// Computes each bias entry of a spec on one split's predictions. The positive label is
/// evaluation.positive_label, or for binary tasks the second class in sorted order; multi-class tasks
/// must declare it and are then measured one-vs-rest. Selection rates count the favourable outcome
/// (bias[].favourable_label, default the positive label). Groups below min_group_size are listed
/// (Excluded = true) and named in a warning; the value is given over the sized groups and, beside
/// it, over every group; the gate reads the one bias[].groups names.
/// </summary>
public static class FairnessCalculator
{
    public static IReadOnlyList<FairnessResult> ComputeAll(
        Predictions predictions, IEnumerable<BiasSpec> bias, string? positiveLabel, BootstrapSpec? bootstrap = null, int seed = 42) =>
        [.. bias.Select(spec => Compute(predictions, spec, positiveLabel, bootstrap, seed))];

    public static FairnessResult Compute(
        Predictions predictions, BiasSpec spec, string? positiveLabel, BootstrapSpec? bootstrap = null, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(spec);
        predictions.EnsureConsistent();
        if (!MetricNames.Fairness.Contains(spec.Metric))
        {
            throw new MlOpsException(Diagnostic.Error(
                FairnessErrorCodes.UnknownMetric,
                $"unknown fairness metric '{spec.Metric}'; use one of: {string.Join(", ", MetricNames.Fairness)}",
                spec.Location));
        }
        if (!predictions.Groups.TryGetValue(spec.Attribute, out var groupOfRow))
        {
            throw new MlOpsException(Diagnostic.Error(
                FairnessErrorCodes.AttributeMissing,
                $"bias check on '{spec.Attribute}', but the data has no such sensitive column; list it under data.sensitive",
                spec.Location));
        }
        var positive = PositiveLabel.Resolve(predictions.Classes, positiveLabel);
        var favourable = FavourableLabel.Resolve(predictions.Classes, spec, positive);
        var rows = GroupedRows.From(predictions, groupOfRow, positive, favourable);
        var warnings = new List<string>();
        var statistics = rows.Statistics(spec.MinGroupSize, spec.UndefinedRate);
        foreach (var small in statistics.Where(g => g.Excluded))
        {
            warnings.Add($"{FairnessErrorCodes.GroupTooSmall}: group '{small.Group}' of '{spec.Attribute}' has {small.Count} rows, fewer than min_group_size {spec.MinGroupSize}; it is reported and left out of {spec.Metric} over sized groups (value_all_groups includes it)");
        }
        var all = spec.Groups == BiasGroups.All;
        var sized = statistics.Where(g => !g.Excluded).ToList();
        if (spec.UndefinedRate == UndefinedRate.Zero)
        {
            WarnZeroDenominators(rows, spec, all ? null : spec.MinGroupSize, warnings);
        }
        var outcome = FairnessMetrics.Compute(spec.Metric, sized, spec.Privileged, all ? null : warnings);
        var overAll = FairnessMetrics.Compute(spec.Metric, statistics, spec.Privileged, all ? warnings : null);
        var gated = all ? overAll : outcome;
        var interval = bootstrap is null || gated.Value is null
            ? null
            : FairnessBootstrap.Interval(rows, spec, gated.PrivilegedGroup, bootstrap, seed);
        return new FairnessResult
        {
            Attribute = spec.Attribute,
            Metric = spec.Metric,
            Value = outcome.Value,
            ValueAllGroups = overAll.Value,
            GatedOn = all ? "all" : "sized",
            FavourableLabel = predictions.Classes[favourable],
            Lower = interval?.Lower,
            Upper = interval?.Upper,
            PrivilegedGroup = gated.PrivilegedGroup ?? outcome.PrivilegedGroup,
            Groups = statistics,
            Warnings = [.. warnings.Distinct(StringComparer.Ordinal)],
        };
    }

    /// <summary>A TPR without actual positives (FPR without actual negatives) is 0/0: counted as 0, as Fairlearn does, and said so.</summary>
    private static void WarnZeroDenominators(GroupedRows rows, BiasSpec spec, int? minGroupSize, List<string> warnings)
    {
        var usesTpr = spec.Metric.StartsWith("equal", StringComparison.Ordinal);
        var usesFpr = spec.Metric.StartsWith("equalized_odds", StringComparison.Ordinal);
        for (var g = 0; g < rows.Names.Count; g++)
        {
            if (minGroupSize is { } min && rows.RowsByGroup[g].Length < min)
            {
                continue;
            }
            var counts = GroupedRows.Count(rows.RowsByGroup[g]);
            if (usesTpr && counts.ActualPositive == 0)
            {
                warnings.Add($"{FairnessErrorCodes.RateUndefined}: group '{rows.Names[g]}' of '{spec.Attribute}' has no actual positives, so its true positive rate is 0/0; it counts as 0, as in Fairlearn");
            }
            if (usesFpr && counts.ActualNegative == 0)
            {
                warnings.Add($"{FairnessErrorCodes.RateUndefined}: group '{rows.Names[g]}' of '{spec.Attribute}' has no actual negatives, so its false positive rate is 0/0; it counts as 0, as in Fairlearn");
            }
        }
    }
}
