using MlOps.Contracts.Results;
using MlOps.Specs.Model;

namespace MlOps.Core.Fairness;

/// <summary>
/// Percentile bootstrap interval of a fairness metric: rows are resampled with replacement within
/// each group (group sizes stay fixed, so a group never vanishes from a resample), the metric is
/// recomputed, and the (1−c)/2 and 1−(1−c)/2 quantiles are taken with linear interpolation
/// (numpy's default). Seeded, so the same run gives the same interval.
/// </summary>
internal static class FairnessBootstrap
{
    public sealed record Bounds(double Lower, double Upper);

    public static Bounds? Interval(GroupedRows rows, BiasSpec spec, string? privileged, BootstrapSpec bootstrap, int seed)
    {
        var random = new Random(seed);
        var values = new List<double>(bootstrap.Samples);
        for (var b = 0; b < bootstrap.Samples; b++)
        {
            var statistics = new List<GroupStatistics>();
            for (var g = 0; g < rows.Names.Count; g++)
            {
                var source = rows.RowsByGroup[g];
                if (spec.Groups == BiasGroups.Sized && source.Length < spec.MinGroupSize)
                {
                    continue;
                }
                var counts = new GroupCounts();
                for (var k = 0; k < source.Length; k++)
                {
                    counts.Add(source[random.Next(source.Length)]);
                }
                statistics.Add(counts.ToStatistics(rows.Names[g], excluded: false, spec.UndefinedRate));
            }
            if (FairnessMetrics.Compute(spec.Metric, statistics, privileged, warnings: null).Value is { } value)
            {
                values.Add(value);
            }
        }
        if (values.Count == 0)
        {
            return null;
        }
        values.Sort();
        var alpha = (1 - bootstrap.Confidence) / 2;
        return new Bounds(Quantile(values, alpha), Quantile(values, 1 - alpha));
    }

    internal static double Quantile(IReadOnlyList<double> sorted, double q) => Evaluation.Percentile.Linear(sorted, q);
}
