namespace MlOps.Mlflow;

/// <summary>MLflow's server-side limits on log-batch, checked before sending so errors are clear.</summary>
public static class MlflowLimits
{
    /// <summary>Metrics in one log-batch request.</summary>
    public const int MaxMetricsPerBatch = 1000;
    /// <summary>Params in one log-batch request.</summary>
    public const int MaxParamsPerBatch = 100;
    /// <summary>Tags in one log-batch request.</summary>
    public const int MaxTagsPerBatch = 100;
    /// <summary>Metrics, params and tags together in one log-batch request.</summary>
    public const int MaxEntitiesPerBatch = 1000;
    /// <summary>Characters of one param value.</summary>
    public const int MaxParamValueLength = 6000;
    /// <summary>Characters of one tag value.</summary>
    public const int MaxTagValueLength = 8000;
    /// <summary>Characters of a metric, param or tag key.</summary>
    public const int MaxKeyLength = 250;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first key that MLflow would reject.</summary>
    public static void Validate(IReadOnlyList<MlflowMetric> metrics, IReadOnlyList<MlflowParam> parameters, IReadOnlyList<MlflowTag> tags)
    {
        foreach (var p in parameters)
        {
            CheckKey(p.Key, "param");
            if (p.Value.Length > MaxParamValueLength)
            {
                throw new ArgumentException(
                    $"MLflow param '{p.Key}' is {p.Value.Length} characters long; MLflow accepts at most {MaxParamValueLength}. Shorten the value or log it as an artifact.");
            }
        }
        foreach (var t in tags)
        {
            CheckKey(t.Key, "tag");
            if (t.Value.Length > MaxTagValueLength)
            {
                throw new ArgumentException(
                    $"MLflow tag '{t.Key}' is {t.Value.Length} characters long; MLflow accepts at most {MaxTagValueLength}. Shorten the value or log it as an artifact.");
            }
        }
        foreach (var m in metrics)
        {
            CheckKey(m.Key, "metric");
        }
    }

    /// <summary>Splits one logical batch into requests that each respect every limit.</summary>
    public static IEnumerable<(List<MlflowMetric> Metrics, List<MlflowParam> Params, List<MlflowTag> Tags)> Split(
        IReadOnlyList<MlflowMetric> metrics, IReadOnlyList<MlflowParam> parameters, IReadOnlyList<MlflowTag> tags)
    {
        int m = 0, p = 0, t = 0;
        while (m < metrics.Count || p < parameters.Count || t < tags.Count)
        {
            var ps = parameters.Skip(p).Take(MaxParamsPerBatch).ToList();
            var ts = tags.Skip(t).Take(MaxTagsPerBatch).ToList();
            var room = Math.Min(MaxMetricsPerBatch, MaxEntitiesPerBatch - ps.Count - ts.Count);
            var ms = metrics.Skip(m).Take(room).ToList();
            p += ps.Count;
            t += ts.Count;
            m += ms.Count;
            yield return (ms, ps, ts);
        }
    }

    private static void CheckKey(string key, string kind)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new ArgumentException($"An MLflow {kind} has an empty key; give every {kind} a name.");
        }
        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"MLflow {kind} key '{key[..40]}…' is {key.Length} characters long; MLflow accepts at most {MaxKeyLength}.");
        }
        // The file store turns keys into paths: MLflow refuses names that would leave their folder.
        if (key.StartsWith('/') || key.Split('/').Any(part => part is ".." or "." or ""))
        {
            throw new ArgumentException($"MLflow {kind} key '{key}' would resolve to another path; use letters, digits, '_', '-', '.', ' ' and single '/' separators.");
        }
    }
}
