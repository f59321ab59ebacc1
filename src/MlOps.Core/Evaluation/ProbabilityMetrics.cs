namespace MlOps.Core.Evaluation;

/// <summary>Metrics of the predicted probabilities: log loss, cross-entropy loss, ROC AUC.</summary>
public static class ProbabilityMetrics
{
    /// <summary>
    /// scikit-learn's log_loss (≥ 1.5): probabilities clipped to [eps, 1−eps] with eps = float64 machine
    /// epsilon (2.22e-16, what eps="auto" gives for float64 input), no renormalisation of the rows,
    /// then the mean of −ln p[true class].
    /// </summary>
    public static double LogLoss(Predictions p)
    {
        const double eps = 2.220446049250313e-16;
        var total = 0.0;
        for (var i = 0; i < p.Rows; i++)
        {
            total -= Math.Log(Math.Clamp(p.Probability(i, (int)p.Labels[i]), eps, 1 - eps));
        }
        return total / p.Rows;
    }

    /// <summary>
    /// The training objective: mean of −ln p[true class] with no clipping and no renormalisation.
    /// It equals <see cref="LogLoss"/> except where the true class's probability is within eps of 0 or 1; a probability
    /// of exactly 0 for the true class gives +∞, as cross-entropy does.
    /// </summary>
    public static double CrossEntropy(Predictions p)
    {
        var total = 0.0;
        for (var i = 0; i < p.Rows; i++)
        {
            total -= Math.Log(p.Probability(i, (int)p.Labels[i]));
        }
        return total / p.Rows;
    }

    /// <summary>
    /// Binary ROC AUC of <paramref name="positive"/> against the rest, scored by that class's probability:
    /// the Mann–Whitney statistic with tied scores given their average rank (what scikit-learn's
    /// trapezoidal ROC area equals). NaN when the rows hold only one of the two outcomes (undefined).
    /// </summary>
    public static double RocAuc(Predictions p, int positive)
    {
        var order = Enumerable.Range(0, p.Rows).OrderBy(i => p.Probability(i, positive)).ToArray();
        double positiveRankSum = 0;
        long positives = 0;
        var start = 0;
        while (start < order.Length)
        {
            var end = start;
            var score = p.Probability(order[start], positive);
            while (end + 1 < order.Length && p.Probability(order[end + 1], positive) == score)
            {
                end++;
            }
            var averageRank = ((start + 1) + (end + 1)) / 2.0;
            for (var k = start; k <= end; k++)
            {
                if (p.Labels[order[k]] == positive)
                {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            start = end + 1;
        }
        long negatives = p.Rows - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }
        return (positiveRankSum - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
    }

    /// <summary>One-vs-rest macro average (scikit-learn multi_class="ovr", average="macro"); NaN if a class has no rows.</summary>
    public static double RocAucOvrMacro(Predictions p) =>
        Enumerable.Range(0, p.ClassCount).Average(c => RocAuc(p, c));
}
