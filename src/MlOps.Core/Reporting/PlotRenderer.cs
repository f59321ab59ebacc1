using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using ScottPlot;

namespace MlOps.Core.Reporting;

/// <summary>
/// PNG plots of a run with ScottPlot: loss curves, metric curves (both marking the kept epoch, the
/// metrics' gate thresholds and the base model's values, see <see cref="PlotMarks"/>), confusion-matrix heatmap.
/// </summary>
public static class PlotRenderer
{
    private const int Width = 800;
    private const int Height = 500;

    public const string SeedVarianceFile = "seed_variance.png";

    /// <summary>Writes the plots the run has data for into <paramref name="plotsDir"/>; returns their full paths.</summary>
    public static IReadOnlyList<string> WriteAll(RunResult result, string plotsDir)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(plotsDir);
        var written = new List<string>();
        var history = result.Training.History;
        if (history.Count > 0)
        {
            var kept = PlotMarks.KeptEpoch(result);
            written.Add(Loss(history, [.. PlotMarks.ForLoss(result), .. Optional(kept)], Path.Combine(plotsDir, "loss.png")));
            if (history.Any(e => e.Metrics.Keys.Any(OnMetricsPlot)))
            {
                var plotted = MetricNamesPlotted(history);
                written.Add(Metrics(history, plotted, [.. PlotMarks.ForMetrics(result, plotted), .. Optional(kept)], Path.Combine(plotsDir, "metrics.png")));
            }
        }
        if (result.ConfusionMatrix.Count > 0 && result.ConfusionMatrix.Count == result.Classes.Count)
        {
            written.Add(ConfusionMatrix(result.Classes, result.ConfusionMatrix, Path.Combine(plotsDir, "confusion_matrix.png")));
        }
        if (SeedVariance.Of(result) is { } figure)
        {
            var path = Path.Combine(plotsDir, SeedVarianceFile);
            Save(SeedVariancePlot(figure), path);
            written.Add(path);
        }
        return written;
    }

    /// <summary>Losses have their own plot, and they and perplexity live on scales that would flatten 0–1 metrics.</summary>
    public static bool OnMetricsPlot(string name) =>
        !name.EndsWith("loss", StringComparison.Ordinal) && !name.EndsWith("perplexity", StringComparison.Ordinal);

    /// <summary>Rendered in memory, then written whole or not at all: a full disk never leaves half a PNG.</summary>
    private static void Save(Plot plot, string path) =>
        OutputLayout.WriteAtomically(path, plot.GetImageBytes(Width, Height, ImageFormat.Png));

    private static PlotMark[] Optional(PlotMark? mark) => mark is null ? [] : [mark];

    private static IReadOnlyList<string> MetricNamesPlotted(IReadOnlyList<EpochRecord> history) =>
        [.. history.SelectMany(e => e.Metrics.Keys).Where(OnMetricsPlot).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Dashed lines with their own legend entries: kept epoch (vertical), gate thresholds and base model values (horizontal).</summary>
    private static void Draw(Plot plot, IReadOnlyList<PlotMark> marks)
    {
        foreach (var mark in marks)
        {
            if (mark.Kind == PlotMarkKind.KeptEpoch)
            {
                var line = plot.Add.VerticalLine(mark.Value);
                line.LegendText = mark.Label;
                line.LinePattern = LinePattern.Dotted;
                line.Color = Colors.Gray;
            }
            else
            {
                var line = plot.Add.HorizontalLine(mark.Value);
                line.LegendText = mark.Label;
                line.LinePattern = mark.Kind == PlotMarkKind.GateThreshold ? LinePattern.Dashed : LinePattern.Dotted;
                line.Color = mark.Kind == PlotMarkKind.GateThreshold ? Colors.Red : Colors.DarkGray;
            }
        }
    }

    private static string Loss(IReadOnlyList<EpochRecord> history, IReadOnlyList<PlotMark> marks, string path)
    {
        var plot = new Plot();
        var epochs = history.Select(e => (double)e.Epoch).ToArray();
        plot.Add.Scatter(epochs, Finite(history.Select(e => e.TrainLoss))).LegendText = "train loss";
        plot.Add.Scatter(epochs, Finite(history.Select(e => e.ValLoss))).LegendText = "validation loss";
        Draw(plot, marks);
        IntegerEpochTicks(plot, history);
        plot.Title("Loss per epoch");
        plot.XLabel("epoch");
        plot.YLabel("loss");
        plot.ShowLegend(Alignment.UpperRight);
        Save(plot, path);
        return path;
    }

    private static string Metrics(IReadOnlyList<EpochRecord> history, IReadOnlyList<string> names, IReadOnlyList<PlotMark> marks, string path)
    {
        var plot = new Plot();
        foreach (var name in names)
        {
            var points = history.Where(e => e.Metrics.ContainsKey(name)).ToList();
            plot.Add.Scatter(points.Select(e => (double)e.Epoch).ToArray(), Finite(points.Select(e => e.Metrics[name]))).LegendText = name;
        }
        Draw(plot, marks);
        IntegerEpochTicks(plot, history);
        plot.Title("Validation metrics per epoch");
        plot.XLabel("epoch");
        plot.YLabel("value");
        plot.ShowLegend(Alignment.LowerRight);
        Save(plot, path);
        return path;
    }

    /// <summary>
    /// Dot plot of the repeats: one column per metric, one dot series per seed (spread sideways so equal
    /// values stay visible), a solid bar at the mean and a dashed bar at the baseline's value of that column.
    /// </summary>
    public static Plot SeedVariancePlot(SeedVariance figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var plot = new Plot();
        var n = figure.Seeds.Count;
        for (var k = 0; k < n; k++)
        {
            var offset = n == 1 ? 0 : (k - (n - 1) / 2.0) * (0.4 / (n - 1));
            var dots = plot.Add.Scatter(figure.Columns.Select((_, i) => i + offset).ToArray(), Finite(figure.Columns.Select(c => c.Values[k])));
            dots.LineWidth = 0;
            dots.MarkerSize = 9;
            dots.LegendText = $"seed {figure.Seeds[k]}";
        }
        for (var i = 0; i < figure.Columns.Count; i++)
        {
            var column = figure.Columns[i];
            if (double.IsFinite(column.Mean))
            {
                var mean = plot.Add.Line(i - 0.3, column.Mean, i + 0.3, column.Mean);
                mean.LineWidth = 3;
                mean.Color = Colors.Black;
                mean.LegendText = i == 0 ? "mean" : "";
            }
            if (column.Baseline is { } baseline && double.IsFinite(baseline))
            {
                var line = plot.Add.Line(i - 0.4, baseline, i + 0.4, baseline);
                line.LinePattern = LinePattern.Dashed;
                line.LineWidth = 2;
                line.Color = Colors.Red;
                line.LegendText = figure.Columns.Take(i).Any(c => c.Baseline is not null) ? "" : "baseline";
            }
        }
        var positions = Enumerable.Range(0, figure.Columns.Count).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, [.. figure.Columns.Select(c => c.Metric)]);
        plot.Axes.SetLimitsX(-0.6, figure.Columns.Count - 0.4);
        plot.Title($"Validation metrics over {n} seeds");
        plot.YLabel("value");
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    /// <summary>Row 0 of the heatmap is drawn at the top, so true classes read top to bottom as in the table.</summary>
    private static string ConfusionMatrix(IReadOnlyList<string> classes, IReadOnlyList<IReadOnlyList<int>> matrix, string path)
    {
        var n = classes.Count;
        var data = new double[n, n];
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                data[r, c] = matrix[r][c];
            }
        }
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(data);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap);
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                var text = plot.Add.Text(matrix[r][c].ToString(System.Globalization.CultureInfo.InvariantCulture), c, n - 1 - r);
                text.LabelAlignment = Alignment.MiddleCenter;
                // Black on a translucent white box reads on every colour of the map.
                text.LabelFontColor = Colors.Black;
                text.LabelBackgroundColor = Colors.White.WithAlpha(0.75);
                text.LabelPadding = 3;
            }
        }
        var positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, [.. classes]);
        plot.Axes.Left.SetTicks(positions, [.. classes.Reverse()]);
        plot.Title("Confusion matrix (validation)");
        plot.XLabel("predicted");
        plot.YLabel("true");
        Save(plot, path);
        return path;
    }

    /// <summary>Whole epochs on the x axis while they fit; ScottPlot's automatic ticks otherwise.</summary>
    private static void IntegerEpochTicks(Plot plot, IReadOnlyList<EpochRecord> history)
    {
        if (history.Count <= 25)
        {
            var positions = history.Select(e => (double)e.Epoch).ToArray();
            plot.Axes.Bottom.SetTicks(positions, [.. positions.Select(e => e.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }
    }

    /// <summary>Non-finite values become NaN, which ScottPlot leaves as a gap instead of failing.</summary>
    private static double[] Finite(IEnumerable<double> values) => [.. values.Select(v => double.IsFinite(v) ? v : double.NaN)];
}
