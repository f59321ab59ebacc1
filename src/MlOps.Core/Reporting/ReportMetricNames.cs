using MlOps.Contracts.Metrics;

namespace MlOps.Core.Reporting;

/// <summary>Which metric rows a report shows, and which way each one is better.</summary>
public static class ReportMetricNames
{
    /// <summary>
    /// The names in first-seen order, once each; <c>loss</c> is left out when <c>log_loss</c> is
    /// there (the same cross-entropy, differing only by scikit-learn's clipping).
    /// </summary>
    public static IReadOnlyList<string> Rows(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var distinct = names.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Contains(MetricNames.LogLoss) ? [.. distinct.Where(n => n != MetricNames.Loss)] : distinct;
    }

    /// <summary>"Δ = this run − the reference. Higher is better: accuracy, macro_f1. Lower is better: log_loss."</summary>
    public static string DirectionNote(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var list = names.ToList();
        var higher = list.Where(MetricNames.GreaterIsBetter).ToList();
        var lower = list.Where(n => !MetricNames.GreaterIsBetter(n)).ToList();
        var parts = new List<string> { "Δ = this run − the reference." };
        if (higher.Count > 0)
        {
            parts.Add($"Higher is better: {string.Join(", ", higher)}.");
        }
        if (lower.Count > 0)
        {
            parts.Add($"Lower is better: {string.Join(", ", lower)}.");
        }
        return string.Join(" ", parts);
    }
}
