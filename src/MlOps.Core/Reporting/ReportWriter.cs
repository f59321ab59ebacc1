using MlOps.Contracts.Export;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;

namespace MlOps.Core.Reporting;

/// <summary>The files <see cref="ReportWriter.WriteAll"/> wrote, as full paths.</summary>
public sealed record ReportFiles(string Markdown, string Junit, IReadOnlyList<string> Plots)
{
    /// <summary>README.md, the model card (see <see cref="ModelCard"/>).</summary>
    public string? ModelCard { get; init; }

    public IReadOnlyList<string> All => [Markdown, Junit, .. Plots, .. ModelCard is null ? Array.Empty<string>() : [ModelCard]];
}

/// <summary>
/// Writes report.md, junit.xml, README.md (the model card; each whole or not at all) and plots/*.png
/// of a run into its output folder. The card also goes into the exported ONNX folder when the run
/// exported one, so the folder an application ships describes itself.
/// </summary>
public static class ReportWriter
{
    public const string MarkdownFile = "report.md";
    public const string JunitFile = "junit.xml";
    public const string PlotsFolder = "plots";

    public static ReportFiles WriteAll(RunResult result, string outputDir)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(outputDir);
        var plotsDir = Path.Combine(outputDir, PlotsFolder);
        // Plots the run drew from its data (an audio run's spectrograms) come along when they are there.
        var spectrograms = Path.Combine(plotsDir, SpectrogramPlot.FileName);
        IReadOnlyList<string> plots = [.. PlotRenderer.WriteAll(result, plotsDir), .. File.Exists(spectrograms) ? [spectrograms] : Array.Empty<string>()];
        var relativePlots = plots.Select(p => Path.GetRelativePath(outputDir, p)).ToList();
        var markdown = Path.Combine(outputDir, MarkdownFile);
        OutputLayout.WriteAtomically(markdown, MarkdownReport.Render(result, relativePlots));
        var junit = Path.Combine(outputDir, JunitFile);
        OutputLayout.WriteAtomically(junit, JunitReport.Render(result));
        var card = ModelCard.Render(result);
        var cardPath = Path.Combine(outputDir, ModelCard.FileName);
        OutputLayout.WriteAtomically(cardPath, card);
        var exported = OnnxExportLayout.InRun(outputDir).Directory;
        if (Directory.Exists(exported))
        {
            OutputLayout.WriteAtomically(Path.Combine(exported, ModelCard.FileName), card);
        }
        return new ReportFiles(markdown, junit, plots) { ModelCard = cardPath };
    }
}
