using MlOps.Contracts.Metrics;
using MlOps.Contracts.Results;

namespace MlOps.Core.Pipeline.Sweeps;

/// <summary>
/// The best trial by the sweep's validation metric: highest, or lowest for losses; a trial that did
/// not compute it never wins; on a tie the earlier trial (grid order), so every machine picks the same.
/// </summary>
internal static class SweepWinner
{
    public static double? ValueOf(RunResult result, string metric) =>
        result.Metrics.GetValueOrDefault(MetricSplit.Validation.Key())?.TryGetValue(metric, out var v) == true && double.IsFinite(v) ? v : null;

    /// <summary>The index of the winner in <paramref name="results"/>, or null when no trial computed <paramref name="metric"/>.</summary>
    public static int? Pick(IReadOnlyList<RunResult> results, string metric)
    {
        var greater = MetricNames.GreaterIsBetter(metric);
        int? best = null;
        for (var i = 0; i < results.Count; i++)
        {
            if (ValueOf(results[i], metric) is not { } value)
            {
                continue;
            }
            if (best is not { } b || (greater ? value > ValueOf(results[b], metric)!.Value : value < ValueOf(results[b], metric)!.Value))
            {
                best = i;
            }
        }
        return best;
    }
}
