namespace MlOps.Core.Evaluation.Significance;

/// <summary>
/// Paired bootstrap of a metric difference: the same resampled examples (with replacement) are
/// scored for both models, the difference model − reference recomputed, and the (1 − α) percentile
/// interval taken with numpy's linear interpolation. Resamples are drawn from a seeded generator, so
/// a run gives the same interval every time; resamples where the metric is undefined (roc_auc with
/// one class drawn) are left out and the count says how many remained.
/// </summary>
public static class PairedBootstrap
{
    public sealed record Outcome(double Difference, double Lower, double Upper, int Samples);

    /// <summary><paramref name="samples"/> index arrays of <paramref name="rows"/> rows each, from <c>new Random(seed)</c>.</summary>
    public static IReadOnlyList<int[]> Resamples(int rows, int samples, int seed)
    {
        var random = new Random(seed);
        var all = new int[samples][];
        for (var s = 0; s < samples; s++)
        {
            var indices = new int[rows];
            for (var i = 0; i < rows; i++)
            {
                indices[i] = random.Next(rows);
            }
            all[s] = indices;
        }
        return all;
    }

    /// <returns>Null when the difference is undefined on the full data or on every resample.</returns>
    public static Outcome? Compare(Predictions model, Predictions reference, string metric, string? positiveLabel, IReadOnlyList<int[]> resamples, double level)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(resamples);
        PairedRows.EnsureSameExamples(model, reference);
        var difference = Difference(model, reference, metric, positiveLabel);
        var differences = new List<double>(resamples.Count);
        foreach (var indices in resamples)
        {
            var d = Difference(PairedRows.Pick(model, indices), PairedRows.Pick(reference, indices), metric, positiveLabel);
            if (!double.IsNaN(d))
            {
                differences.Add(d);
            }
        }
        if (double.IsNaN(difference) || differences.Count == 0)
        {
            return null;
        }
        differences.Sort();
        return new Outcome(difference, Percentile.Linear(differences, level / 2), Percentile.Linear(differences, 1 - (level / 2)), differences.Count);
    }

    private static double Difference(Predictions model, Predictions reference, string metric, string? positiveLabel) =>
        MetricCalculator.Compute(model, [metric], positiveLabel)[metric] - MetricCalculator.Compute(reference, [metric], positiveLabel)[metric];
}
