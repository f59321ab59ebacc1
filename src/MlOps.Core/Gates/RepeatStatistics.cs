using MlOps.Contracts.Metrics;
using MlOps.Contracts.Results;
using MlOps.Core.Evaluation.Repeats;
using MlOps.Specs.Model;

namespace MlOps.Core.Gates;

/// <summary>
/// A gate over repeated runs (training.repeats): a metric gate reads its <c>statistic</c> (mean,
/// lower_bound, min) of the model's, the baseline's and the champion's metric, on the pessimistic side
/// for the metric's direction; overfit and forgetting gates read the means. Every message says which
/// number it read, so a failure gives its reason ("lower bound of the 95% t-interval over 5 repeats").
/// </summary>
internal static class RepeatStatistics
{
    public static IEnumerable<GateResult> Evaluate(GateInputs inputs, RepeatedRuns repeats, GateSpec gate)
    {
        var statistic = gate.Kind == GateKind.Metric ? gate.Statistic ?? RepeatStatistic.Mean : RepeatStatistic.Mean;
        var greater = gate.GreaterIsBetter ?? MetricNames.GreaterIsBetter(gate.Metric);
        var forGate = inputs with
        {
            Metrics = Read(repeats.Metrics, statistic, greater),
            Baseline = Read(repeats.Baseline, statistic, greater),
            Champion = inputs.Champion is { } champion ? Champion(champion, gate.Metric, statistic, greater) : null,
        };
        var prefix = gate.Kind == GateKind.Metric ? Describe(repeats, gate, statistic, greater) : $"means of {repeats.Runs} repeats";
        // A statistic other than the mean is part of what the gate is: two gates that differ only in it keep apart.
        var suffix = gate.Statistic is { } named && named != RepeatStatistic.Mean ? $" ({Key(named)})" : "";
        return GateKindEvaluators.Of(gate.Kind).Evaluate(forGate, gate)
            .Select(r => r.Significance is null && !r.Skipped ? r with { Name = r.Name + suffix, Message = $"{prefix}: {r.Message}" } : r)
            .ToList();
    }

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Read(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, MetricSpread>> spreads, RepeatStatistic statistic, bool greater) =>
        spreads.ToDictionary(
            s => s.Key,
            s => (IReadOnlyDictionary<string, double>)s.Value.ToDictionary(m => m.Key, m => MetricSpreads.Read(m.Value, statistic, greater)));

    /// <summary>
    /// A champion trained with repeats logged validation_&lt;metric&gt;_ci_low/_ci_high/_min/_max beside
    /// the mean; a champion trained once has one value, which is then its every statistic.
    /// </summary>
    private static Dictionary<string, double> Champion(IReadOnlyDictionary<string, double> champion, string metric, RepeatStatistic statistic, bool greater)
    {
        var suffix = statistic switch
        {
            RepeatStatistic.LowerBound => greater ? "_ci_low" : "_ci_high",
            RepeatStatistic.Min => greater ? "_min" : "_max",
            _ => "",
        };
        var values = champion.ToDictionary();
        if (suffix.Length > 0 && champion.TryGetValue(metric + suffix, out var value))
        {
            values[metric] = value;
        }
        return values;
    }

    private static string Describe(RepeatedRuns repeats, GateSpec gate, RepeatStatistic statistic, bool greater)
    {
        var n = repeats.Runs;
        if (!(repeats.Metrics.GetValueOrDefault(gate.Split)?.TryGetValue(gate.Metric, out var spread) ?? false))
        {
            return $"{Name(statistic)} over {n} repeats";
        }
        return statistic switch
        {
            RepeatStatistic.LowerBound when spread.Lower is { } low && spread.Upper is { } high =>
                $"{(greater ? "lower" : "upper")} bound of the {MetricSpreads.Confidence:0%} t-interval [{GateText.Number(low)}, {GateText.Number(high)}] of the mean {GateText.Number(spread.Mean)} over {n} repeats (std {GateText.Number(spread.Std)})",
            RepeatStatistic.Min => $"worst of {n} repeats ({GateText.Number(spread.Min)} – {GateText.Number(spread.Max)}, mean {GateText.Number(spread.Mean)})",
            _ => $"mean of {n} repeats (std {GateText.Number(spread.Std)}, {GateText.Number(spread.Min)} – {GateText.Number(spread.Max)})",
        };
    }

    private static string Key(RepeatStatistic statistic) => statistic == RepeatStatistic.LowerBound ? "lower_bound" : "min";

    private static string Name(RepeatStatistic statistic) => statistic switch
    {
        RepeatStatistic.LowerBound => "lower bound",
        RepeatStatistic.Min => "worst",
        _ => "mean",
    };
}
