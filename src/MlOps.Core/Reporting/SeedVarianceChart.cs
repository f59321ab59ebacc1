using System.Globalization;
using System.Text;
using MlOps.Contracts.Results;
using static MlOps.Core.Reporting.MarkdownText;

namespace MlOps.Core.Reporting;

/// <summary>
/// The seed-variance figure in Markdown, for report.md, the job summary and the pull-request comment.
/// Mermaid's xychart-beta (rendered by GitHub) draws bars and lines only, no dots and no legend, so each
/// metric gets its own chart: one bar per seed, a line at the mean and a line at the baseline's value,
/// on a y axis zoomed to the spread. A compact table below carries the exact numbers (and is all a
/// renderer without Mermaid shows besides the code block).
/// </summary>
public static class SeedVarianceChart
{
    /// <summary>Charts beyond this many metrics would bury the comment; the table still lists every metric.</summary>
    public const int MaxCharts = 4;

    /// <summary>The pull-request comment's view: heading, charts and the compact table.</summary>
    public static void Append(StringBuilder md, RunResult result, string heading = "###")
    {
        ArgumentNullException.ThrowIfNull(md);
        if (SeedVariance.Of(result) is not { } figure)
        {
            return;
        }
        md.AppendLine($"{heading} Seed variance: {figure.Seeds.Count} seeds").AppendLine();
        AppendCharts(md, figure);
        md.AppendLine(Row(["validation metric", "mean", "min – max", "baseline", .. figure.Seeds.Select(s => $"seed {s}")])).AppendLine(Separator(4 + figure.Seeds.Count));
        foreach (var c in figure.Columns)
        {
            md.AppendLine(Row([Escape(c.Metric), ReportNumbers.Value(c.Mean), $"{ReportNumbers.Value(c.Values.Min())} – {ReportNumbers.Value(c.Values.Max())}",
                ReportNumbers.Value(c.Baseline), .. c.Values.Select(v => ReportNumbers.Value(v))]));
        }
        md.AppendLine();
    }

    /// <summary>The charts alone, for report.md, whose repeats table already holds every number.</summary>
    public static void AppendCharts(StringBuilder md, SeedVariance figure)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(figure);
        var baseline = figure.Columns.Any(c => c.Baseline is not null) ? "; second line: the baseline's value" : "";
        md.AppendLine($"Bars: each seed's validation value; first line: the mean{baseline}.").AppendLine();
        foreach (var column in figure.Columns.Take(MaxCharts))
        {
            md.Append(Mermaid(figure.Seeds, column));
        }
    }

    /// <summary>One ```mermaid block. Non-finite values cannot be charted; such a metric gets no chart (the table shows them).</summary>
    public static string Mermaid(IReadOnlyList<int> seeds, SeedVarianceColumn column)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(column);
        var shown = column.Values.Append(column.Mean).Concat(column.Baseline is { } b ? [b] : []).ToList();
        if (shown.Any(v => !double.IsFinite(v)))
        {
            return "";
        }
        var (low, high) = Range(shown);
        var md = new StringBuilder();
        md.AppendLine("```mermaid").AppendLine("xychart-beta");
        md.AppendLine($"    title \"validation {Label(column.Metric)} per seed\"");
        md.AppendLine($"    x-axis [{string.Join(", ", seeds.Select(s => $"\"seed {s}\""))}]");
        md.AppendLine($"    y-axis \"{Label(column.Metric)}\" {Number(low)} --> {Number(high)}");
        md.AppendLine($"    bar [{string.Join(", ", column.Values.Select(Number))}]");
        md.AppendLine($"    line [{string.Join(", ", seeds.Select(_ => Number(column.Mean)))}]");
        if (column.Baseline is { } baseline)
        {
            md.AppendLine($"    line [{string.Join(", ", seeds.Select(_ => Number(baseline)))}]");
        }
        md.AppendLine("```").AppendLine();
        return md.ToString();
    }

    /// <summary>Zoomed to the values with a margin, so a spread of a point or two is visible; never a zero-height axis.</summary>
    private static (double Low, double High) Range(IReadOnlyList<double> values)
    {
        var min = values.Min();
        var max = values.Max();
        var margin = Math.Max((max - min) * 0.25, Math.Max(Math.Abs(max) * 0.01, 1e-3));
        return (Math.Round(min - margin, 4), Math.Round(max + margin, 4));
    }

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>Metric names are data: only characters that cannot end the quoted Mermaid string or the code block.</summary>
    private static string Label(string name) =>
        new([.. name.Select(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or ' ' or '@' ? c : '_')]);
}
