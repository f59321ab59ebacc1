// TEMPORARY: signatures that the eval branch implements. Deleted when it merges.
namespace MlOps.Core.Evaluation;

public static class MetricCalculator
{
    public static IReadOnlyDictionary<string, double> Compute(Predictions p, IEnumerable<string> names, string? positiveLabel)
    {
        ArgumentNullException.ThrowIfNull(p);
        var correct = Enumerable.Range(0, p.Rows).Count(i => p.Predicted(i) == p.Labels[i]);
        return new Dictionary<string, double> { ["accuracy"] = correct / (double)p.Rows };
    }
}
