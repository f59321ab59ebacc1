using MlOps.Contracts.Results;

namespace MlOps.Core.Reporting;

/// <summary>One column of the seed-variance figure: a validation metric's value per seed, its mean and the baseline's value.</summary>
public sealed record SeedVarianceColumn(string Metric, IReadOnlyList<double> Values, double Mean, double? Baseline);

/// <summary>
/// What the seed-variance figure (plots/seed_variance.png) and its Mermaid chart show for a run with
/// repeats: every validation metric on a 0–1-like scale (losses and perplexity are left out, as on the
/// metrics plot), each seed's value, the mean and the baseline's mean over the same seeds (or its single
/// value when the baseline was not repeated). Read from result.json alone, so `mlops report` redraws it.
/// </summary>
public sealed record SeedVariance(IReadOnlyList<int> Seeds, IReadOnlyList<SeedVarianceColumn> Columns)
{
    /// <summary>Null when the run has no repeats or no plottable validation metric.</summary>
    public static SeedVariance? Of(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Repeats is not { } repeats || repeats.Runs.Count == 0)
        {
            return null;
        }
        var split = MetricSplit.Validation.Key();
        var validation = repeats.Metrics.GetValueOrDefault(split);
        if (validation is null)
        {
            return null;
        }
        var repeatedBaseline = repeats.Baseline.GetValueOrDefault(split);
        var singleBaseline = result.Baseline.For(MetricSplit.Validation);
        var columns = validation
            .Where(m => PlotRenderer.OnMetricsPlot(m.Key) && m.Value.Values.Count == repeats.Runs.Count)
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => new SeedVarianceColumn(m.Key, m.Value.Values, m.Value.Mean,
                repeatedBaseline?.TryGetValue(m.Key, out var b) == true ? b.Mean
                : singleBaseline.TryGetValue(m.Key, out var s) ? s : null))
            .ToList();
        return columns.Count == 0 ? null : new SeedVariance([.. repeats.Runs.Select(r => r.Seed)], columns);
    }
}
