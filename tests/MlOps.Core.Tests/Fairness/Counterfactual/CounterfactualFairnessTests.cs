using MlOps.Contracts.Diagnostics;
using MlOps.Core.Fairness.Counterfactual;
using MlOps.Core.Models.Decoders;
using MlOps.Core.Tests.Models.Decoders;
using MlOps.Core.Tests.Torch;
using MlOps.Specs.Model;
using MlOps.Text;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Fairness.Counterfactual;

[Collection(TorchCollection.Name)]
public sealed class CounterfactualFairnessTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlops-counterfactual-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static BiasSpec Entry(string metric = "log_probability_gap") => new()
    {
        Attribute = "gender",
        Metric = metric,
        Max = 0.5,
        Location = new SourceLocation("spec.yaml", 20, 5),
        Counterfactual = new CounterfactualSpec
        {
            Template = "{name} said {pronoun} would",
            Reference = " come",
            Groups =
            [
                new CounterfactualGroup("female", [new("name", ["Mary", "Aisha"]), new("pronoun", ["she", "she"])]),
                new CounterfactualGroup("male", [new("name", ["John", "Ahmed", "Wei"]), new("pronoun", ["he", "he", "he"])]),
            ],
        },
    };

    /// <summary>A stand-in model: the score of a prompt is its length in characters.</summary>
    private sealed class LengthScorer : ICounterfactualScorer
    {
        public IReadOnlyList<double> Score(IReadOnlyList<string> prompts, string reference) => [.. prompts.Select(p => (double)p.Length)];
    }

    [Fact]
    public void Each_group_fills_every_placeholder_with_the_values_at_one_index()
    {
        var expanded = CounterfactualPrompts.Expand(Entry().Counterfactual!);

        Assert.Equal(["female", "male"], expanded.Select(g => g.Group));
        Assert.Equal(["Mary said she would", "Aisha said she would"], expanded[0].Prompts);
        Assert.Equal(["John said he would", "Ahmed said he would", "Wei said he would"], expanded[1].Prompts);
    }

    [Fact]
    public void The_value_is_the_gap_between_the_largest_and_smallest_group_mean()
    {
        var result = CounterfactualFairness.Compute(Entry(), new LengthScorer());

        // female: (19 + 20) / 2 = 19.5; male: (18 + 19 + 17) / 3 = 18; gap 1.5.
        Assert.Equal([19.5, 18.0], result.Groups.Select(g => g.Score!.Value));
        Assert.Equal([2, 3], result.Groups.Select(g => g.Count));
        Assert.Equal(1.5, result.Value!.Value, 12);
        Assert.Equal(("gender", "log_probability_gap"), (result.Attribute, result.Metric));
    }

    [Fact]
    public void Log_probability_of_a_completion_is_the_sum_of_its_next_token_log_probabilities()
    {
        TinyDecoders.WriteFolder(folder, TinyDecoders.LlamaConfigJson());
        using var model = DecoderWeights.CausalLm(folder, SourceLocation.None(folder));
        var tokenizer = TokenizerLoader.Load(folder);
        var prompt = tokenizer.EncodeWithSpecialTokens("the quick dog");
        var reference = tokenizer.EncodeContent(" dog og");
        Assert.True(reference.Count >= 2);

        // Token by token, each from the last position of its own forward pass.
        var expected = 0.0;
        var context = prompt.ToList();
        foreach (var token in reference)
        {
            using var ids = tensor(context.Select(t => (long)t).ToArray(), [1, context.Count]);
            using var mask = ones(1, context.Count, dtype: ScalarType.Bool);
            using var logits = model.Logits(ids, mask);
            using var last = logits[0, -1].to(ScalarType.Float64).log_softmax(-1);
            expected += last[token].item<double>();
            context.Add(token);
        }

        var scores = new LogProbabilityScorer(model, tokenizer).Score(["the quick dog", "a"], " dog og");

        // float32 logits of sequences of different lengths: equal to about 1e-6.
        Assert.Equal(expected, scores[0], 5);
        Assert.True(scores[1] < 0 && scores[1] != scores[0]);
    }

    [Fact]
    public void Every_counterfactual_metric_the_spec_accepts_has_a_scorer() =>
        Assert.Equal(MlOps.Contracts.Metrics.MetricNames.CounterfactualFairness.Order(StringComparer.Ordinal), CounterfactualScorers.Metrics.Order(StringComparer.Ordinal));
}
