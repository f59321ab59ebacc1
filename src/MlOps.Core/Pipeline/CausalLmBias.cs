using MlOps.Contracts.Results;
using MlOps.Core.Fairness.Counterfactual;
using MlOps.Core.Models.Decoders;

namespace MlOps.Core.Pipeline;

/// <summary>
/// causal_lm's bias entries: each counterfactual entry's groups of prompts scored by the fine-tuned
/// model (log-probability of the reference, or exact match of the generated text with the same
/// generation settings as evaluation.generation, greedy by default), the gap gated by the bias gate.
/// </summary>
internal static class CausalLmBias
{
    public static IReadOnlyList<FairnessResult> Evaluate(RunContext run, DecoderForCausalLm model)
    {
        var entries = run.Spec.Bias.Where(b => b.Counterfactual is not null).ToList();
        if (entries.Count == 0 || run.Data.Tokenizer is not { } tokenizer)
        {
            return [];
        }
        var options = CausalLmGeneration.Options(run.Spec.Evaluation.Generation ?? new Specs.Model.GenerationSpec(), run.Spec.Seed);
        return [.. entries.Select(entry => CounterfactualFairness.Compute(entry, CounterfactualScorers.For(entry.Metric, model, tokenizer, options)))];
    }
}
