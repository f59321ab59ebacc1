using System.Text.Json;
using MlOps.Core.Evaluation;
using MlOps.Core.Evaluation.Significance;

namespace MlOps.Core.Tests.Evaluation.Significance;

/// <summary>
/// McNemar's exact test and the paired bootstrap against scipy/numpy on recorded fixtures
/// (significance_reference.py beside this file writes them; rerun it to regenerate), to 1e-9.
/// </summary>
public sealed class SignificanceReferenceTests
{
    private const double Tolerance = 1e-9;
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Evaluation", "Significance");

    public static TheoryData<int, int, double> McNemarCases()
    {
        var data = new TheoryData<int, int, double>();
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "mcnemar.reference.json")));
        foreach (var c in json.RootElement.GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("b").GetInt32(), c.GetProperty("c").GetInt32(), c.GetProperty("p_value").GetDouble());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(McNemarCases))]
    public void McNemar_exact_p_value_equals_scipy_binomtest(int b, int c, double scipyP) =>
        Assert.Equal(scipyP, McNemarTest.ExactPValue(b, c), Tolerance);

    [Fact]
    public void McNemar_counts_the_discordant_examples_of_two_prediction_sets()
    {
        // Rows 0-3: model right, baseline wrong; row 4: the reverse; rows 5-6 agree.
        long[] labels = [1, 1, 0, 0, 1, 0, 1];
        var model = Binary(labels, [0.9f, 0.8f, 0.2f, 0.1f, 0.3f, 0.4f, 0.7f]);
        var baseline = Binary(labels, [0.2f, 0.4f, 0.7f, 0.6f, 0.8f, 0.3f, 0.9f]);

        var outcome = McNemarTest.Compare(model, baseline);

        Assert.Equal((4, 1), (outcome.ModelOnlyCorrect, outcome.ReferenceOnlyCorrect));
        Assert.Equal(McNemarTest.ExactPValue(4, 1), outcome.PValue);
        Assert.Equal(0.375, outcome.PValue, Tolerance); // 2 · (1 + 5) / 32
    }

    [Theory]
    [InlineData("log_loss")]
    [InlineData("balanced_accuracy")]
    public void Paired_bootstrap_on_recorded_resamples_equals_numpy(string metric)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "bootstrap.reference.json")));
        var root = json.RootElement;
        string[] classes = [.. root.GetProperty("classes").EnumerateArray().Select(e => e.GetString()!)];
        long[] labels = [.. root.GetProperty("labels").EnumerateArray().Select(e => e.GetInt64())];
        var model = new Predictions(labels, Floats(root.GetProperty("model_probabilities")), classes, new Dictionary<string, string[]>());
        var baseline = new Predictions(labels, Floats(root.GetProperty("baseline_probabilities")), classes, new Dictionary<string, string[]>());
        int[][] resamples = [.. root.GetProperty("resamples").EnumerateArray().Select(r => r.EnumerateArray().Select(i => i.GetInt32()).ToArray())];
        var expected = root.GetProperty("expected").GetProperty(metric);

        var outcome = PairedBootstrap.Compare(model, baseline, metric, null, resamples, root.GetProperty("level").GetDouble());

        Assert.NotNull(outcome);
        Assert.Equal(expected.GetProperty("difference").GetDouble(), outcome.Difference, Tolerance);
        Assert.Equal(expected.GetProperty("lower").GetDouble(), outcome.Lower, Tolerance);
        Assert.Equal(expected.GetProperty("upper").GetDouble(), outcome.Upper, Tolerance);
        Assert.Equal(resamples.Length, outcome.Samples);
    }

    [Fact]
    public void Resamples_are_seeded_the_same_seed_draws_the_same_rows()
    {
        var first = PairedBootstrap.Resamples(50, 20, seed: 7);
        var again = PairedBootstrap.Resamples(50, 20, seed: 7);
        var other = PairedBootstrap.Resamples(50, 20, seed: 8);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.All(first, r => Assert.All(r, i => Assert.InRange(i, 0, 49)));
    }

    internal static Predictions Binary(long[] labels, float[] positive) =>
        new(labels, [.. positive.SelectMany(p => new[] { 1 - p, p })], ["neg", "pos"], new Dictionary<string, string[]>());

    private static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(e => (float)e.GetDouble())];
}
