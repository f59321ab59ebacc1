using System.Text.Json;
using MlOps.Core.Evaluation.Repeats;

namespace MlOps.Core.Tests.Evaluation.Significance;

/// <summary>
/// The t quantile and the 95% t-interval over repeats against scipy (repeats.reference.json, from
/// significance_reference.py), to 1e-9. The quantile reference is scipy.stats.t.cdf inverted by brentq:
/// scipy 1.10's t.ppf itself is up to ~8e-9 off (see the script).
/// </summary>
public sealed class RepeatsReferenceTests
{
    private const double Tolerance = 1e-9;
    private static readonly string File = Path.Combine(AppContext.BaseDirectory, "Evaluation", "Significance", "repeats.reference.json");

    private static JsonElement Root(string property)
    {
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(File));
        return json.RootElement.GetProperty(property).Clone();
    }

    public static TheoryData<double, int, double> Quantiles()
    {
        var data = new TheoryData<double, int, double>();
        foreach (var q in Root("quantiles").EnumerateArray())
        {
            data.Add(q.GetProperty("p").GetDouble(), q.GetProperty("df").GetInt32(), q.GetProperty("t").GetDouble());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Quantiles))]
    public void Student_t_quantile_equals_the_inverse_of_scipy_t_cdf(double p, int df, double scipyT) =>
        Assert.Equal(scipyT, StudentT.Quantile(p, df), Tolerance);

    [Fact]
    public void Mean_std_and_t_interval_over_repeats_equal_scipy()
    {
        foreach (var spread in Root("spreads").EnumerateArray())
        {
            double[] values = [.. spread.GetProperty("values").EnumerateArray().Select(v => v.GetDouble())];

            var ours = MetricSpreads.Of(values);

            Assert.Equal(spread.GetProperty("mean").GetDouble(), ours.Mean, Tolerance);
            Assert.Equal(spread.GetProperty("std").GetDouble(), ours.Std, Tolerance);
            Assert.Equal(spread.GetProperty("lower").GetDouble(), ours.Lower!.Value, Tolerance);
            Assert.Equal(spread.GetProperty("upper").GetDouble(), ours.Upper!.Value, Tolerance);
            Assert.Equal((values.Min(), values.Max()), (ours.Min, ours.Max));
        }
    }

    [Fact]
    public void One_repeat_has_no_interval()
    {
        var single = MetricSpreads.Of([0.8]);

        Assert.Equal((0.8, 0.0, (double?)null, (double?)null), (single.Mean, single.Std, single.Lower, single.Upper));
    }
}
