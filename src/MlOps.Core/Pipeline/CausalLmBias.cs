using MlOps.Contracts.Results;
using MlOps.Core.Fairness.Counterfactual;
using MlOps.Core.Models.Decoders;
using TorchSharp;

namespace MlOps.Core.Pipeline;

/// <summary>
/// causal_lm's bias entries: each counterfactual entry's groups of prompts scored by the fine-tuned
/// model (log-probability of the reference, or exact match of the generated text with the same
/// generation settings as evaluation.generation, greedy by default), the gap gated by the bias gate;
/// with a base checkpoint the base model's scores and gap stand beside them.
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
        var fineTuned = entries.Select(entry => CounterfactualFairness.Compute(entry, CounterfactualScorers.For(entry.Metric, model, tokenizer, options))).ToList();
        if (run.Spec.Base.Checkpoint is not { } checkpoint)
        {
            return fineTuned;
        }
        // The base model on the same prompts: whether fine-tuning widened or narrowed each gap.
        using var baseModel = new DecoderForCausalLm(model.Config);
        DecoderWeights.LoadInto(baseModel, checkpoint, run.BaseLocation, inform: null);
        baseModel.to(run.Device);
        return [.. entries.Zip(fineTuned, (entry, tuned) =>
        {
            var based = CounterfactualFairness.Compute(entry, CounterfactualScorers.For(entry.Metric, baseModel, tokenizer, options));
            return tuned with
            {
                BaseValue = based.Value,
                Groups = [.. tuned.Groups.Zip(based.Groups, (t, b) => t with { BaseScore = b.Score })],
            };
        })];
    }
}
