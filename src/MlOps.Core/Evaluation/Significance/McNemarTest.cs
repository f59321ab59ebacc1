namespace MlOps.Core.Evaluation.Significance;

/// <summary>
/// McNemar's exact test for two classifiers scored on the same examples: only the discordant pairs
/// count (b: the model right and the reference wrong, c: the reverse), and under "equally accurate"
/// b is Binomial(b + c, ½). The p-value is two-sided, as scipy.stats.binomtest(b, b + c, 0.5) gives it:
/// with p = ½ the distribution is symmetric, so it is min(1, 2·P(X ≤ min(b, c))).
/// </summary>
public static class McNemarTest
{
    public sealed record Outcome(int ModelOnlyCorrect, int ReferenceOnlyCorrect, double PValue);

    public static Outcome Compare(Predictions model, Predictions reference)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(reference);
        PairedRows.EnsureSameExamples(model, reference);
        int b = 0, c = 0;
        for (var i = 0; i < model.Rows; i++)
        {
            var modelRight = model.Predicted(i) == model.Labels[i];
            var referenceRight = reference.Predicted(i) == reference.Labels[i];
            b += modelRight && !referenceRight ? 1 : 0;
            c += referenceRight && !modelRight ? 1 : 0;
        }
        return new Outcome(b, c, ExactPValue(b, c));
    }

    /// <summary>Two-sided exact binomial p-value of <paramref name="b"/> successes in b + c trials at p = ½.</summary>
    public static double ExactPValue(int b, int c)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(b);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        var n = b + c;
        if (b == c)
        {
            return 1.0;
        }
        return Math.Min(1.0, 2 * LowerTail(Math.Min(b, c), n));
    }

    /// <summary>P(X ≤ k) for X ~ Binomial(n, ½), summed in log space (2^-n underflows beyond n ≈ 1074).</summary>
    private static double LowerTail(int k, int n)
    {
        var logHalfPower = -n * Math.Log(2);
        var logChoose = 0.0; // ln C(n, 0)
        var terms = new double[k + 1];
        for (var i = 0; i <= k; i++)
        {
            terms[i] = logChoose + logHalfPower;
            logChoose += Math.Log(n - i) - Math.Log(i + 1);
        }
        var largest = terms.Max();
        var sum = 0.0;
        foreach (var term in terms)
        {
            sum += Math.Exp(term - largest);
        }
        return Math.Exp(largest) * sum;
    }
}
