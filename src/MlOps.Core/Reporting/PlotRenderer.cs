using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using ScottPlot;

namespace MlOps.Core.Reporting;

/// <summary>PNG plots of a run with ScottPlot: loss curves, metric curves, confusion-matrix heatmap.</summary>
public static class PlotRenderer
{
    private const int Width = 800;
    private const int Height = 500;

    /// <summary>Writes the plots the run has data for into <paramref name="plotsDir"/>; returns their full paths.</summary>
    public static IReadOnlyList<string> WriteAll(RunResult result, string plotsDir)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(plotsDir);
        var written = new List<string>();
        var history = result.Training.History;
        if (history.Count > 0)
        {
            written.Add(Loss(history, Path.Combine(plotsDir, "loss.png")));
            if (history.Any(e => e.Metrics.Keys.Any(OnMetricsPlot)))
            {
                written.Add(Metrics(history, Path.Combine(plotsDir, "metrics.png")));
            }
        }
        if (result.ConfusionMatrix.Count > 0 && result.ConfusionMatrix.Count == result.Classes.Count)
        {
            written.Add(ConfusionMatrix(result.Classes, result.ConfusionMatrix, Path.Combine(plotsDir, "confusion_matrix.png")));
        }
        return written;
    }

    /// <summary>Losses have their own plot, and they and perplexity live on scales that would flatten 0–1 metrics.</summary>
    public static bool OnMetricsPlot(string name) =>
        !name.EndsWith("loss", StringComparison.Ordinal) && !name.EndsWith("perplexity", StringComparison.Ordinal);

    private static string Loss(IReadOnlyList<EpochRecord> history, string path)
    {
        var plot = new Plot();
        var epochs = history.Select(e => (double)e.Epoch).ToArray();
        plot.Add.Scatter(epochs, Finite(history.Select(e => e.TrainLoss))).LegendText = "train loss";
        plot.Add.Scatter(epochs, Finite(history.Select(e => e.ValLoss))).LegendText = "validation loss";
        IntegerEpochTicks(plot, history);
        plot.Title("Loss per epoch");
        plot.XLabel("epoch");
        plot.YLabel("loss");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
        return path;
    }

    private static string Metrics(IReadOnlyList<EpochRecord> history, string path)
    {
        var plot = new Plot();
        var names = history.SelectMany(e => e.Metrics.Keys).Where(OnMetricsPlot).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var points = history.Where(e => e.Metrics.ContainsKey(name)).ToList();
            plot.Add.Scatter(points.Select(e => (double)e.Epoch).ToArray(), Finite(points.Select(e => e.Metrics[name]))).LegendText = name;
        }
        IntegerEpochTicks(plot, history);
        plot.Title("Validation metrics per epoch");
        plot.XLabel("epoch");
        plot.YLabel("value");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, Width, Height);
        return path;
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
        plot.SavePng(path, Width, Height);
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
