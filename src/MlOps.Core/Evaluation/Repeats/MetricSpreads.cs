using MlOps.Contracts.Results;

namespace MlOps.Core.Evaluation.Repeats;

/// <summary>
/// Each metric's spread over repeated runs: mean, sample standard deviation (n − 1, numpy's ddof=1),
/// min, max and the t-interval of the mean, as scipy.stats.t.interval(c, n − 1, mean, std/√n) gives it.
/// Only metrics every repeat computed are summarised.
/// </summary>
public static class MetricSpreads
{
    public const double Confidence = 0.95;

    public static MetricSpread Of(IReadOnlyList<double> values, double confidence = Confidence)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("a spread needs at least one value", nameof(values));
        }
        var n = values.Count;
        var mean = values.Average();
        var std = n < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        double? lower = null, upper = null;
        if (n >= 2)
        {
            var half = StudentT.Quantile(1 - ((1 - confidence) / 2), n - 1) * std / Math.Sqrt(n);
            (lower, upper) = (mean - half, mean + half);
        }
        return new MetricSpread([.. values], mean, std, values.Min(), values.Max(), lower, upper);
    }

    /// <summary>split → metric → spread, over one split→metric→value map per repeat.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, MetricSpread>> Of(
        IReadOnlyList<IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>> repeats)
    {
        ArgumentNullException.ThrowIfNull(repeats);
        var result = new Dictionary<string, IReadOnlyDictionary<string, MetricSpread>>();
        if (repeats.Count == 0)
        {
            return result;
        }
        foreach (var (split, metrics) in repeats[0])
        {
            var spreads = new Dictionary<string, MetricSpread>();
            foreach (var metric in metrics.Keys)
            {
                var values = repeats.Select(r => r.GetValueOrDefault(split)?.TryGetValue(metric, out var v) == true ? v : (double?)null).ToList();
                if (values.All(v => v is not null))
                {
                    spreads[metric] = Of([.. values.Select(v => v!.Value)]);
                }
            }
            result[split] = spreads;
        }
        return result;
    }

    /// <summary>
    /// The number a gate reads: the mean, or the pessimistic end for the metric's direction: lower_bound
    /// is the interval's lower end (upper for lower-is-better metrics), min the worst repeat.
    /// </summary>
    public static double Read(MetricSpread spread, Specs.Model.RepeatStatistic statistic, bool greaterIsBetter)
    {
        ArgumentNullException.ThrowIfNull(spread);
        return statistic switch
        {
            Specs.Model.RepeatStatistic.LowerBound => (greaterIsBetter ? spread.Lower : spread.Upper) ?? double.NaN,
            Specs.Model.RepeatStatistic.Min => greaterIsBetter ? spread.Min : spread.Max,
            _ => spread.Mean,
        };
    }
}
