using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Evaluation;
using MlOps.Core.Fairness;
using MlOps.Reliability.Tests.Infrastructure;
using MlOps.Specs.Model;

namespace MlOps.Reliability.Tests.Fairness;

/// <summary>
/// Every fairness metric, over sized groups and over all groups, against values computed with
/// scikit-learn 1.2.1 by Fixtures/fairness_reference.py as Fairlearn defines them, on the recorded
/// cases in Fixtures/cases: groups without positives or negatives, ratios of 0/0, a favourable
/// outcome that is not the positive class, an excluded small group that is the worst one, one-vs-rest.
/// </summary>
public sealed class FairlearnReferenceTests
{
    private const double Tolerance = 1e-12;

    private static readonly string Fixtures = Path.Combine(SampleRepo.SourceRoot, "tests", "MlOps.Reliability.Tests", "Fairness", "Fixtures");

    private static readonly JsonElement Expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "expected.json"))).RootElement.GetProperty("cases");

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var c in Expected.EnumerateObject())
        {
            foreach (var metric in c.Value.GetProperty("all").EnumerateObject())
            {
                data.Add(c.Name, metric.Name, "sized");
                data.Add(c.Name, metric.Name, "all");
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_scikit_learn_as_Fairlearn_defines_it(string name, string metric, string groups)
    {
        var expectedCase = Expected.GetProperty(name);
        var spec = new BiasSpec
        {
            Attribute = "group",
            Metric = metric,
            Max = 1,
            MinGroupSize = expectedCase.GetProperty("min_group_size").GetInt32(),
            FavourableLabel = expectedCase.GetProperty("favourable_label").GetString(),
            Groups = groups == "all" ? BiasGroups.All : BiasGroups.Sized,
            Location = new SourceLocation("spec.yaml", 1, 1),
        };

        var result = FairnessCalculator.Compute(Load(name, expectedCase), spec, expectedCase.GetProperty("positive_label").GetString());

        var expected = expectedCase.GetProperty(groups).GetProperty(metric);
        var actual = groups == "all" ? result.ValueAllGroups : result.Value;
        if (expected.ValueKind == JsonValueKind.Null)
        {
            Assert.Null(actual);
        }
        else
        {
            Assert.NotNull(actual);
            Assert.True(Math.Abs(expected.GetDouble() - actual!.Value) <= Tolerance, $"{name} {metric} ({groups}): scikit-learn/Fairlearn {expected.GetDouble():R}, MlOps {actual:R}");
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Per_group_rates_match_including_zero_over_zero(string name)
    {
        var expectedCase = Expected.GetProperty(name);
        var spec = new BiasSpec
        {
            Attribute = "group",
            Metric = "equalized_odds_difference",
            Max = 1,
            MinGroupSize = 1,
            FavourableLabel = expectedCase.GetProperty("favourable_label").GetString(),
            Location = new SourceLocation("spec.yaml", 1, 1),
        };

        var result = FairnessCalculator.Compute(Load(name, expectedCase), spec, expectedCase.GetProperty("positive_label").GetString());

        foreach (var g in expectedCase.GetProperty("groups").EnumerateObject())
        {
            var mine = Assert.Single(result.Groups, x => x.Group == g.Name);
            Assert.Equal(g.Value.GetProperty("rows").GetInt32(), mine.Count);
            Assert.Equal(g.Value.GetProperty("selection_rate").GetDouble(), mine.SelectionRate, Tolerance);
            Assert.Equal(g.Value.GetProperty("true_positive_rate").GetDouble(), mine.TruePositiveRate!.Value, Tolerance);
            Assert.Equal(g.Value.GetProperty("false_positive_rate").GetDouble(), mine.FalsePositiveRate!.Value, Tolerance);
        }
    }

    public static TheoryData<string> CaseNames() => [.. Expected.EnumerateObject().Select(c => c.Name)];

    /// <summary>The recorded rows as predictions: the predicted class gets probability 1.</summary>
    private static Predictions Load(string name, JsonElement expectedCase)
    {
        var classes = expectedCase.GetProperty("classes").EnumerateArray().Select(c => c.GetString()!).ToList();
        var lines = File.ReadAllLines(Path.Combine(Fixtures, "cases", name + ".csv")).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        var labels = new long[lines.Count];
        var probabilities = new float[lines.Count * classes.Count];
        var groups = new string[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            labels[i] = classes.IndexOf(lines[i][0]);
            probabilities[(i * classes.Count) + classes.IndexOf(lines[i][1])] = 1;
            groups[i] = lines[i][2];
        }
        return new Predictions(labels, probabilities, classes, new Dictionary<string, string[]> { ["group"] = groups });
    }
}
