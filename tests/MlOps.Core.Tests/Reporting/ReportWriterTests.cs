using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Evaluation;
using MlOps.Core.Reporting;

namespace MlOps.Core.Tests.Reporting;

public sealed class ReportWriterTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private readonly string folder = Directory.CreateTempSubdirectory("mlops-report-").FullName;

    [Fact]
    public void WriteAll_writes_report_junit_and_real_png_plots()
    {
        var files = ReportWriter.WriteAll(SampleRun.Create(), folder);

        Assert.StartsWith("# ❌", File.ReadAllText(files.Markdown), StringComparison.Ordinal);
        Assert.Contains("<testsuites", File.ReadAllText(files.Junit), StringComparison.Ordinal);
        Assert.Equal(["confusion_matrix.png", "loss.png", "metrics.png"], files.Plots.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var plot in files.Plots)
        {
            var bytes = File.ReadAllBytes(plot);
            Assert.Equal(PngSignature, bytes[..8]);
            Assert.True(bytes.Length > 5_000, $"{plot} is only {bytes.Length} bytes");
        }
        Assert.Contains("![loss](<plots/loss.png>)", File.ReadAllText(files.Markdown), StringComparison.Ordinal);
    }

    [Fact]
    public void The_metrics_plot_leaves_losses_and_perplexity_to_the_loss_plot()
    {
        Dictionary<string, double> Epoch(double loss) => new() { ["val_loss"] = loss, ["val_log_loss"] = loss, ["val_perplexity"] = Math.Exp(loss) };
        var lossesOnly = SampleRun.Create(
        [
            new(1, 10, 1.0, 0.9, 1e-4, 1, Epoch(0.9)),
            new(2, 20, 0.8, 0.7, 1e-4, 1, Epoch(0.7)),
        ]);

        var plots = PlotRenderer.WriteAll(lossesOnly, Path.Combine(folder, "plots"));

        Assert.Contains(plots, p => Path.GetFileName(p) == "loss.png");
        Assert.DoesNotContain(plots, p => Path.GetFileName(p) == "metrics.png");
        Assert.True(PlotRenderer.OnMetricsPlot("val_accuracy"));
        Assert.True(PlotRenderer.OnMetricsPlot("val_masked_accuracy"));
    }

    [Fact]
    public void Result_json_round_trips_with_the_shared_options()
    {
        var path = Path.Combine(folder, RunResultFile.FileName);
        var run = SampleRun.Create();

        RunResultFile.Write(run, path);
        var read = RunResultFile.Read(path);

        Assert.Contains("\"confusion_matrix\"", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(run.Gates.Select(g => g.Message), read.Gates.Select(g => g.Message));
        Assert.Equal(31, read.Gates[1].Location.Line);
        Assert.Equal(run.Classes, read.Classes);
        Assert.Equal(0.874, read.Metrics["validation"]["accuracy"]);
    }

    [Fact]
    public void A_malformed_result_json_is_reported_with_its_line()
    {
        var path = Path.Combine(folder, RunResultFile.FileName);
        File.WriteAllText(path, "{\n  \"tool_version\": \"0.1.0\",\n  \"verdict\": \n}");

        var e = Assert.Throws<MlOpsException>(() => RunResultFile.Read(path));

        Assert.Equal(ResultErrorCodes.ResultFileUnreadable, e.Diagnostics[0].Code);
        Assert.Equal(4, e.Diagnostics[0].Location.Line);
    }

    [Fact]
    public void A_missing_result_json_says_how_to_get_one()
    {
        var e = Assert.Throws<MlOpsException>(() => RunResultFile.Read(Path.Combine(folder, "result.json")));

        Assert.Contains("mlops run", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
