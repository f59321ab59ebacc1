using System.Globalization;
using MlOps.Contracts.Results;
using MlOps.Core.Data;
using ScottPlot;

namespace MlOps.Core.Reporting;

/// <summary>
/// Audio runs: one training clip's log-mel spectrogram per class, side by side in one PNG
/// (plots/spectrograms.png), low frequencies at the bottom. Written by the run, which has the
/// data; <see cref="ReportWriter"/> links it when it is there.
/// </summary>
public static class SpectrogramPlot
{
    public const string FileName = "spectrograms.png";
    private const int MaxClasses = 12;
    private const int Gap = 6;

    /// <summary>Writes the picture into <paramref name="plotsDir"/>; null when there are no examples.</summary>
    public static string? Write(IReadOnlyList<AudioExample> examples, string plotsDir)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0)
        {
            return null;
        }
        var shown = examples.Take(MaxClasses).ToList();
        var mels = shown[0].Mels;
        var frames = shown[0].Frames;
        var data = new double[mels, (shown.Count * (frames + Gap)) - Gap];
        for (var r = 0; r < mels; r++)
        {
            for (var c = 0; c < data.GetLength(1); c++)
            {
                data[r, c] = double.NaN;
            }
        }
        for (var k = 0; k < shown.Count; k++)
        {
            for (var m = 0; m < mels; m++)
            {
                for (var f = 0; f < frames; f++)
                {
                    // Heatmap row 0 is drawn at the top: the highest mel band goes there.
                    data[mels - 1 - m, (k * (frames + Gap)) + f] = shown[k].LogMel[(m * frames) + f];
                }
            }
        }
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(data);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap).Label = "standardised log-mel";
        var centres = Enumerable.Range(0, shown.Count).Select(k => (k * (frames + Gap)) + (frames / 2.0)).ToArray();
        plot.Axes.Bottom.SetTicks(centres, [.. shown.Select(e => e.Class)]);
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"One training clip per class: log-mel spectrogram ({mels} mels × {frames} frames)"));
        plot.YLabel("mel band (low at the bottom)");
        Directory.CreateDirectory(plotsDir);
        var path = Path.Combine(plotsDir, FileName);
        OutputLayout.WriteAtomically(path, plot.GetImageBytes(Math.Max(800, Math.Min(2400, data.GetLength(1) * 2)), 400, ImageFormat.Png));
        return path;
    }
}
