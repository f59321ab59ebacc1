using MlOps.Contracts.Metrics;
using MlOps.Core.Evaluation;
using MlOps.Specs.Model;

namespace MlOps.Core.Training;

/// <summary>Tracks the monitored metric: improvement beyond min_delta resets patience.</summary>
public sealed class EarlyStopping(EarlyStoppingSpec? spec, string defaultMetric = "val_loss")
{
    public string Metric { get; } = spec?.Metric ?? defaultMetric;

    private bool GreaterIsBetter => MetricNames.GreaterIsBetter(Metric.StartsWith("val_", StringComparison.Ordinal) ? Metric[4..] : Metric);

    /// <summary>True when <paramref name="value"/> beats <paramref name="best"/> by more than min_delta.</summary>
    public bool Improves(double value, double? best)
    {
        if (double.IsNaN(value))
        {
            return false;
        }
        if (best is not { } b)
        {
            return true;
        }
        var delta = spec?.MinDelta ?? 0;
        return GreaterIsBetter ? value > b + delta : value < b - delta;
    }

    /// <summary>True when patience has run out (never when early stopping is off).</summary>
    public bool ShouldStop(int epochsWithoutImprovement) => spec is not null && epochsWithoutImprovement >= spec.Patience;

    public bool RestoreBest => spec?.RestoreBest ?? false;
}
