using System.Text;
using MlOps.Contracts.Results;
using static MlOps.Core.Reporting.MarkdownText;

namespace MlOps.Core.Reporting;

/// <summary>
/// "Repeats": each validation metric's mean, std, min, max and t-interval over the seeds, every
/// repeat's value, the baseline's mean, and which repeat's model was kept (closest to the mean).
/// </summary>
public static class RepeatsSection
{
    public static void Append(StringBuilder md, RunResult result, string heading = "##")
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(result);
        if (result.Repeats is not { } repeats)
        {
            return;
        }
        var seeds = repeats.Runs.Select(r => r.Seed).ToList();
        md.AppendLine($"{heading} Repeats: {seeds.Count} seeds").AppendLine();
        md.AppendLine(Escape($"Trained {seeds.Count} times, differing only in seed ({string.Join(", ", seeds)}). Metrics above are means; " +
            $"the model is seed {repeats.KeptSeed}'s, the repeat whose validation {repeats.KeptBy} is closest to the mean.")).AppendLine();
        var validation = repeats.Metrics.GetValueOrDefault(MetricSplit.Validation.Key()) ?? new Dictionary<string, MetricSpread>();
        var baseline = repeats.Baseline.GetValueOrDefault(MetricSplit.Validation.Key());
        var interval = $"{repeats.Confidence * 100:0.#}% t-interval";
        md.AppendLine(Row(["validation metric", "mean", "std", "min", "max", Escape(interval), "baseline mean", .. seeds.Select(s => $"seed {s}")]))
            .AppendLine(Separator(7 + seeds.Count));
        foreach (var (metric, spread) in validation.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var ci = spread.Lower is { } low && spread.Upper is { } high ? $"\\[{ReportNumbers.Value(low)}, {ReportNumbers.Value(high)}\\]" : "–";
            var baseMean = baseline?.TryGetValue(metric, out var b) == true ? ReportNumbers.Value(b.Mean) : "–";
            md.AppendLine(Row([Escape(metric), ReportNumbers.Value(spread.Mean), ReportNumbers.Value(spread.Std), ReportNumbers.Value(spread.Min),
                ReportNumbers.Value(spread.Max), ci, baseMean, .. spread.Values.Select(v => ReportNumbers.Value(v))]));
        }
        md.AppendLine();
        if (SeedVariance.Of(result) is { } figure)
        {
            SeedVarianceChart.AppendCharts(md, figure);
        }
    }
}
