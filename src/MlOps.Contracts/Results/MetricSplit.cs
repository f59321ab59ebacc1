namespace MlOps.Contracts.Results;

/// <summary>The data a metric was measured on: the keys of result.json's <c>metrics</c> and <c>baseline</c> ("train", "validation", "test", "forgetting").</summary>
public enum MetricSplit
{
    Train,
    Validation,
    /// <summary>Held-out data (data.test) that neither early stopping nor restore_best saw; the gates are judged on it when present.</summary>
    Test,
    /// <summary>The original task's data (evaluation.forgetting).</summary>
    Forgetting,
}

/// <summary>Typed access to result.json's split → metric → value maps, whose keys stay the JSON spellings.</summary>
public static class MetricSplits
{
    private static readonly IReadOnlyDictionary<string, double> None = new Dictionary<string, double>();

    /// <summary>The split's key in result.json.</summary>
    public static string Key(this MetricSplit split) => JsonName.Of(split);

    /// <summary>The split's metrics; empty when the split was not evaluated.</summary>
    public static IReadOnlyDictionary<string, double> For(this IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> bySplit, MetricSplit split)
    {
        ArgumentNullException.ThrowIfNull(bySplit);
        return bySplit.GetValueOrDefault(split.Key()) ?? None;
    }
}
