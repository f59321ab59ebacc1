namespace MlOps.Contracts.Results;

/// <summary>
/// Which of the champion's numbers a run is compared with: those of the split this run is judged on
/// (test when it has one). A champion measured before its spec had a test split has none, and is then
/// compared on its validation numbers, the only ones it has.
/// </summary>
public static class ChampionMetrics
{
    /// <summary>From a previous result.json's split → metric → value map.</summary>
    public static IReadOnlyDictionary<string, double> Of(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> bySplit, string judgedSplit)
    {
        ArgumentNullException.ThrowIfNull(bySplit);
        return bySplit.GetValueOrDefault(judgedSplit) is { Count: > 0 } judged ? judged : bySplit.For(MetricSplit.Validation);
    }

    /// <summary>From the champion run's MLflow metrics, logged as "&lt;split&gt;_&lt;metric&gt;".</summary>
    public static IReadOnlyDictionary<string, double> FromLogged(IEnumerable<(string Key, double Value)> logged, string judgedSplit)
    {
        ArgumentNullException.ThrowIfNull(logged);
        var all = logged.ToList();
        var judged = WithPrefix(all, judgedSplit + "_");
        return judged.Count > 0 ? judged : WithPrefix(all, MetricSplit.Validation.Key() + "_");
    }

    private static Dictionary<string, double> WithPrefix(List<(string Key, double Value)> logged, string prefix) =>
        logged.Where(m => m.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(m => m.Key[prefix.Length..], m => m.Value);
}
