using MlOps.Contracts.Results;
using MlOps.Core.Reporting;

namespace MlOps.Core.Tests.Reporting;

/// <summary>Issue 15, item 4: the plots mark the kept epoch, each gate's threshold and the base model.</summary>
public sealed class PlotMarksTests
{
    [Fact]
    public void The_kept_epoch_gate_thresholds_and_baseline_are_marked()
    {
        var run = SampleRun.Create();
        run = run with
        {
            Training = run.Training with { BestEpoch = 2 },
            Gates = [run.Gates[0] with { Metric = "accuracy", Kind = GateResultKind.Metric, Threshold = 0.9, Comparison = ">=" }],
        };

        var kept = PlotMarks.KeptEpoch(run);
        var marks = PlotMarks.ForMetrics(run, ["accuracy"]);

        Assert.Equal(new PlotMark(PlotMarkKind.KeptEpoch, 2, "kept: epoch 2"), kept);
        Assert.Contains(new PlotMark(PlotMarkKind.GateThreshold, 0.9, "gate accuracy ≥ 0.9"), marks);
        Assert.Contains(new PlotMark(PlotMarkKind.Baseline, 0.8, "base model accuracy 0.800"), marks);
    }

    [Fact]
    public void The_plots_are_written_with_their_marks()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mlops-plots-" + Guid.NewGuid().ToString("N"));

        var written = PlotRenderer.WriteAll(SampleRun.Create(), dir);

        Assert.Contains(written, p => p.EndsWith("loss.png", StringComparison.Ordinal));
        Assert.Contains(written, p => p.EndsWith("metrics.png", StringComparison.Ordinal));
    }
}
