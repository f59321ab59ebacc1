namespace MlOps.Core.Evaluation.Repeats;

/// <summary>
/// Student's t distribution: its CDF through the regularized incomplete beta function (continued
/// fraction, Lentz), and its quantile by bisection on the CDF, which is monotone. Accurate to ~1e-13,
/// checked against scipy.stats.t.ppf.
/// </summary>
public static class StudentT
{
    public static double Cdf(double t, double df)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(df);
        var tail = 0.5 * IncompleteBeta(df / 2, 0.5, df / (df + (t * t)));
        return t >= 0 ? 1 - tail : tail;
    }

    /// <summary>The t with P(T ≤ t) = <paramref name="p"/>, 0 &lt; p &lt; 1.</summary>
    public static double Quantile(double p, double df)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(df);
        if (p is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "a probability strictly between 0 and 1");
        }
        if (p < 0.5)
        {
            return -Quantile(1 - p, df);
        }
        double low = 0, high = 1;
        while (Cdf(high, df) < p)
        {
            (low, high) = (high, high * 2);
        }
        for (var i = 0; i < 200 && high - low > 1e-15 * Math.Max(1, high); i++)
        {
            var mid = (low + high) / 2;
            if (Cdf(mid, df) < p)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }
        return (low + high) / 2;
    }

    /// <summary>I_x(a, b), the regularized incomplete beta function.</summary>
    internal static double IncompleteBeta(double a, double b, double x)
    {
        if (x <= 0)
        {
            return 0;
        }
        if (x >= 1)
        {
            return 1;
        }
        var front = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + (a * Math.Log(x)) + (b * Math.Log(1 - x)));
        // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
        return x < (a + 1) / (a + b + 2)
            ? front * ContinuedFraction(a, b, x) / a
            : 1 - (front * ContinuedFraction(b, a, 1 - x) / b);
    }

    private static double ContinuedFraction(double a, double b, double x)
    {
        const double tiny = 1e-300;
        double c = 1, d = 1 - ((a + b) * x / (a + 1));
        d = Math.Abs(d) < tiny ? tiny : d;
        d = 1 / d;
        var h = d;
        for (var m = 1; m <= 10_000; m++)
        {
            var m2 = 2 * m;
            var numerator = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + (numerator * d);
            d = Math.Abs(d) < tiny ? tiny : d;
            c = 1 + (numerator / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            h *= d * c;
            numerator = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + (numerator * d);
            d = Math.Abs(d) < tiny ? tiny : d;
            c = 1 + (numerator / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var step = d * c;
            h *= step;
            if (Math.Abs(step - 1) < 1e-16)
            {
                break;
            }
        }
        return h;
    }

    /// <summary>ln Γ(x) for x &gt; 0: Lanczos (g = 7, 9 terms), relative error ~1e-15.</summary>
    internal static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            // Reflection: Γ(x)Γ(1 − x) = π / sin(πx).
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }
        double[] g =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        x -= 1;
        var sum = g[0];
        for (var i = 1; i < g.Length; i++)
        {
            sum += g[i] / (x + i);
        }
        var t = x + 7.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }
}
