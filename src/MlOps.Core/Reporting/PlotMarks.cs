using System.Globalization;
using MlOps.Contracts.Metrics;
using MlOps.Contracts.Results;
using MlOps.Core.Gates;
using MlOps.Core.Pipeline;

namespace MlOps.Core.Reporting;

/// <summary>A reference line on a plot: the kept epoch (vertical), a gate's threshold or the base model's value (horizontal).</summary>
public sealed record PlotMark(PlotMarkKind Kind, double Value, string Label);

public enum PlotMarkKind { KeptEpoch, GateThreshold, Baseline }

/// <summary>
/// What the plots mark besides the curves, so a reader sees at a glance which epoch's weights were
/// kept, where each metric's gate sits and what the base model scored.
/// </summary>
public static class PlotMarks
{
    /// <summary>The kept epoch, when the run names it.</summary>
    public static PlotMark? KeptEpoch(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var kept = result.Training.BestEpoch;
        return kept > 0 ? new PlotMark(PlotMarkKind.KeptEpoch, kept, $"kept: epoch {kept}") : null;
    }

    /// <summary>Horizontal marks for the loss plot: the base model's validation loss.</summary>
    public static IReadOnlyList<PlotMark> ForLoss(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var baseline = result.Baseline.For(MetricSplit.Validation);
        return baseline.TryGetValue(MetricNames.Loss, out var loss) && double.IsFinite(loss)
            ? [new PlotMark(PlotMarkKind.Baseline, loss, $"base model validation loss {GateText.Number(loss)}")]
            : [];
    }

    /// <summary>Horizontal marks for the metrics plot: each plotted metric's validation gate thresholds and base model value.</summary>
    public static IReadOnlyList<PlotMark> ForMetrics(RunResult result, IReadOnlyCollection<string> plotted)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(plotted);
        var marks = new List<PlotMark>();
        foreach (var gate in result.Gates.Where(g => g.Kind == GateResultKind.Metric && g.Threshold is { } t && double.IsFinite(t) && plotted.Contains(g.Metric)))
        {
            marks.Add(new PlotMark(PlotMarkKind.GateThreshold, gate.Threshold!.Value,
                $"gate {gate.Metric} {MarkdownReport.Symbol(gate.Comparison)} {gate.Threshold.Value.ToString("0.###", CultureInfo.InvariantCulture)}"));
        }
        var baseline = result.Baseline.For(MetricSplit.Validation);
        foreach (var name in plotted.Order(StringComparer.Ordinal))
        {
            if (baseline.TryGetValue(name, out var value) && double.IsFinite(value))
            {
                marks.Add(new PlotMark(PlotMarkKind.Baseline, value, $"base model {name} {GateText.Number(value)}"));
            }
        }
        return marks.DistinctBy(m => (m.Kind, m.Value, m.Label)).ToList();
    }
}
