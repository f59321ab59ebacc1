using MlOps.Contracts.Results;
using MlOps.Core.Reporting;
using ScottPlot.Plottables;

namespace MlOps.Core.Tests.Reporting;

/// <summary>Issue 20, item 4: the seed-variance figure of a run with repeats, as PNG and as Mermaid.</summary>
public sealed class SeedVarianceTests
{
    private static readonly int[] Seeds = [1, 2, 3];

    internal static RunResult WithRepeats()
    {
        var run = SampleRun.Create();
        return run with
        {
            Repeats = new RepeatsSummary
            {
                Runs = [.. Seeds.Select(s => new RepeatRecord(s, $"out/repeats/seed-{s}", RunVerdict.Passed, null))],
                KeptSeed = 3,
                KeptBy = "accuracy",
                Confidence = 0.95,
                Metrics = new Dictionary<string, IReadOnlyDictionary<string, MetricSpread>>
                {
                    ["validation"] = new Dictionary<string, MetricSpread>
                    {
                        ["accuracy"] = new([0.85, 0.91, 0.874], 0.878, 0.0302, 0.85, 0.91, 0.803, 0.953),
                        ["f1"] = new([0.8, 0.86, 0.83], 0.83, 0.03, 0.8, 0.86, 0.755, 0.905),
                        ["log_loss"] = new([0.5, 0.6, 0.55], 0.55, 0.05, 0.5, 0.6, 0.43, 0.67),
                    },
                },
                Baseline = new Dictionary<string, IReadOnlyDictionary<string, MetricSpread>>
                {
                    ["validation"] = new Dictionary<string, MetricSpread> { ["accuracy"] = new([0.79, 0.81, 0.8], 0.8, 0.01, 0.79, 0.81, 0.775, 0.825) },
                },
            },
        };
    }

    [Fact]
    public void Each_metric_is_a_column_with_every_seeds_value_its_mean_and_the_baseline()
    {
        var figure = SeedVariance.Of(WithRepeats())!;

        Assert.Equal(Seeds, figure.Seeds);
        // log_loss lives on another scale and is left out, as on the metrics plot.
        Assert.Equal(["accuracy", "f1"], figure.Columns.Select(c => c.Metric));
        Assert.Equal([0.85, 0.91, 0.874], figure.Columns[0].Values);
        Assert.Equal(0.878, figure.Columns[0].Mean);
        Assert.Equal(0.8, figure.Columns[0].Baseline);
        // f1 has no repeated baseline and the single baseline has none either.
        Assert.Null(figure.Columns[1].Baseline);
        Assert.Null(SeedVariance.Of(SampleRun.Create()));
    }

    [Fact]
    public void The_plot_has_one_dot_series_per_seed_with_one_point_per_metric_and_mean_and_baseline_bars()
    {
        var plot = PlotRenderer.SeedVariancePlot(SeedVariance.Of(WithRepeats())!);

        var series = plot.GetPlottables<Scatter>().ToList();
        Assert.Equal(["seed 1", "seed 2", "seed 3"], series.Select(s => s.LegendText));
        Assert.All(series, s => Assert.Equal(2, s.Data.GetScatterPoints().Count));
        Assert.Equal([0.85, 0.8], series[0].Data.GetScatterPoints().Select(p => p.Y));
        var bars = plot.GetPlottables<LinePlot>().ToList();
        // Two means and one baseline (f1 has none), each a short horizontal bar over its own column.
        Assert.Equal(3, bars.Count);
        Assert.Contains(bars, b => b.Start.Y == 0.878 && b.End.Y == 0.878 && b.Start.X < 0 && b.End.X > 0);
        Assert.Contains(bars, b => b.Start.Y == 0.8 && b.End.Y == 0.8 && b.LegendText == "baseline");
        Assert.Contains(bars, b => b.Start.Y == 0.83 && b.Start.X < 1 && b.End.X > 1);
    }

    [Fact]
    public void The_png_is_written_whole_and_listed_with_the_other_plots()
    {
        var dir = Directory.CreateTempSubdirectory("mlops-seed-variance-").FullName;
        try
        {
            var files = ReportWriter.WriteAll(WithRepeats(), dir);

            var png = Path.Combine(dir, "plots", PlotRenderer.SeedVarianceFile);
            Assert.Contains(png, files.Plots);
            var bytes = File.ReadAllBytes(png);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
            Assert.Equal(800, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
            Assert.Contains("(<plots/seed_variance.png>)", File.ReadAllText(files.Markdown), StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(Path.Combine(dir, "plots"), "*.tmp*"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_report_charts_each_metric_in_mermaid_with_the_seeds_values_mean_and_baseline()
    {
        var md = MarkdownReport.Render(WithRepeats());

        Assert.Contains("""
            ```mermaid
            xychart-beta
                title "validation accuracy per seed"
                x-axis ["seed 1", "seed 2", "seed 3"]
                y-axis "accuracy" 0.7725 --> 0.9375
                bar [0.85, 0.91, 0.874]
                line [0.878, 0.878, 0.878]
                line [0.8, 0.8, 0.8]
            ```
            """.ReplaceLineEndings("\n"), md.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("bar [0.8, 0.86, 0.83]", md, StringComparison.Ordinal);
        Assert.DoesNotContain("bar [0.5, 0.6, 0.55]", md, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hostile_metric_name_cannot_close_the_mermaid_string_or_block()
    {
        var chart = SeedVarianceChart.Mermaid([1], new SeedVarianceColumn("acc\"\n```<b>", [0.5], 0.5, null));

        Assert.Contains("title \"validation acc______b_ per seed\"", chart, StringComparison.Ordinal);
        Assert.Equal(2, chart.Split("```").Length - 1);
    }
}
