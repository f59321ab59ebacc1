using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Metrics;
using MlOps.Contracts.Results;
using MlOps.Core.Evaluation;
using MlOps.Specs.Model;

namespace MlOps.Core.Fairness;

/// <summary>
/// Computes each bias entry of a spec on one split's predictions. The positive label is
/// evaluation.positive_label, or for binary tasks the second class in sorted order; multi-class tasks
/// must declare it and are then measured one-vs-rest. Groups below min_group_size are listed
/// (Excluded = true), left out of the metric, and named in a warning.
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
        var rows = GroupedRows.From(predictions, groupOfRow, positive);
        var warnings = new List<string>();
        var statistics = rows.Statistics(spec.MinGroupSize);
        foreach (var small in statistics.Where(g => g.Excluded))
        {
            warnings.Add($"{FairnessErrorCodes.GroupTooSmall}: group '{small.Group}' of '{spec.Attribute}' has {small.Count} rows, fewer than min_group_size {spec.MinGroupSize}; it is reported but left out of {spec.Metric}");
        }
        var eligible = statistics.Where(g => !g.Excluded).ToList();
        var outcome = FairnessMetrics.Compute(spec.Metric, eligible, spec.Privileged, warnings);
        var interval = bootstrap is null || outcome.Value is null
            ? null
            : FairnessBootstrap.Interval(rows, spec, outcome.PrivilegedGroup, bootstrap, seed);
        return new FairnessResult
        {
            Attribute = spec.Attribute,
            Metric = spec.Metric,
            Value = outcome.Value,
            Lower = interval?.Lower,
            Upper = interval?.Upper,
            PrivilegedGroup = outcome.PrivilegedGroup,
            Groups = statistics,
            Warnings = [.. warnings.Distinct(StringComparer.Ordinal)],
        };
    }
}
