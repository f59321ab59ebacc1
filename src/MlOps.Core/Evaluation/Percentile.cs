namespace MlOps.Core.Evaluation;

/// <summary>Quantiles as numpy's percentile computes them by default (linear interpolation between order statistics).</summary>
public static class Percentile
{
    /// <param name="sorted">Ascending, at least one value.</param>
    /// <param name="q">0 – 1.</param>
    public static double Linear(IReadOnlyList<double> sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var position = q * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
