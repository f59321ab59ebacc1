namespace MlOps.Core.Evaluation;

/// <summary>scikit-learn's mean_absolute_error, root_mean_squared_error and r2_score on plain arrays.</summary>
public static class RegressionMetrics
{
    public static double MeanAbsoluteError(double[] actual, double[] predicted)
    {
        Check(actual, predicted);
        return actual.Zip(predicted, (a, p) => Math.Abs(a - p)).Average();
    }

    public static double RootMeanSquaredError(double[] actual, double[] predicted)
    {
        Check(actual, predicted);
        return Math.Sqrt(actual.Zip(predicted, (a, p) => (a - p) * (a - p)).Average());
    }

    /// <summary>1 − SS_res/SS_tot. Constant targets follow scikit-learn's force_finite: 1 if the fit is perfect, else 0.</summary>
    public static double R2(double[] actual, double[] predicted)
    {
        Check(actual, predicted);
        var mean = actual.Average();
        var residual = actual.Zip(predicted, (a, p) => (a - p) * (a - p)).Sum();
        var total = actual.Sum(a => (a - mean) * (a - mean));
        if (total == 0)
        {
            return residual == 0 ? 1 : 0;
        }
        return 1 - (residual / total);
    }

    /// <summary>mae, rmse and r2 by their <see cref="MetricNames.Regression"/> names.</summary>
    public static IReadOnlyDictionary<string, double> Compute(double[] actual, double[] predicted) =>
        new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["mae"] = MeanAbsoluteError(actual, predicted),
            ["rmse"] = RootMeanSquaredError(actual, predicted),
            ["r2"] = R2(actual, predicted),
        };

    private static void Check(double[] actual, double[] predicted)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (actual.Length != predicted.Length || actual.Length == 0)
        {
            throw new ArgumentException($"regression metrics need two equally long, non-empty arrays (got {actual.Length} and {predicted.Length})", nameof(predicted));
        }
    }
}
