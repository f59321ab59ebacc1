using MlOps.Core.Evaluation;

namespace MlOps.Core.Tests.Evaluation;

public sealed class RegressionMetricsTests
{
    [Fact]
    public void Mae_rmse_and_r2_match_the_scikit_learn_documentation_example()
    {
        double[] actual = [3, -0.5, 2, 7];
        double[] predicted = [2.5, 0.0, 2, 8];

        var m = RegressionMetrics.Compute(actual, predicted);

        // errors .5 .5 0 1 → MAE 2/4; squares .25 .25 0 1 → MSE .375; mean 2.875, SS_tot 29.1875 → R² = 1 − 1.5/29.1875
        Assert.Equal(0.5, m["mae"], 12);
        Assert.Equal(Math.Sqrt(0.375), m["rmse"], 12);
        Assert.Equal(1 - (1.5 / 29.1875), m["r2"], 12);
    }

    [Fact]
    public void R2_of_a_constant_target_is_1_when_perfect_and_0_otherwise()
    {
        Assert.Equal(1.0, RegressionMetrics.R2([2, 2], [2, 2]));
        Assert.Equal(0.0, RegressionMetrics.R2([2, 2], [1, 3]));
    }

    [Fact]
    public void Arrays_of_different_length_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => RegressionMetrics.MeanAbsoluteError([1, 2], [1]));
    }
}
