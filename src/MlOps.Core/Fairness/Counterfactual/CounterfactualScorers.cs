using MlOps.Contracts.Metrics;
using MlOps.Core.Models.Decoders;
using MlOps.Text;

namespace MlOps.Core.Fairness.Counterfactual;

/// <summary>
/// The one list of counterfactual scores: a bias entry's metric (<see cref="MetricNames.CounterfactualFairness"/>)
/// to the scorer that gives each prompt its score. A new score is a scorer class and one line here.
/// </summary>
public static class CounterfactualScorers
{
    private static readonly IReadOnlyDictionary<string, Func<DecoderForCausalLm, TextTokenizer, GenerationOptions, ICounterfactualScorer>> All =
        new Dictionary<string, Func<DecoderForCausalLm, TextTokenizer, GenerationOptions, ICounterfactualScorer>>(StringComparer.Ordinal)
        {
            [MetricNames.LogProbabilityGap] = (model, tokenizer, _) => new LogProbabilityScorer(model, tokenizer),
            [MetricNames.ExactMatchGap] = (model, tokenizer, options) => new ExactMatchScorer(model, tokenizer, options),
        };

    public static IReadOnlyCollection<string> Metrics => [.. All.Keys];

    public static ICounterfactualScorer For(string metric, DecoderForCausalLm model, TextTokenizer tokenizer, GenerationOptions options) =>
        All.TryGetValue(metric, out var make)
            ? make(model, tokenizer, options)
            : throw new ArgumentException($"no counterfactual scorer for '{metric}'", nameof(metric));
}
