using MlOps.Contracts.Metrics;
using MlOps.Contracts.Results;
using MlOps.Core.Data.CausalLm;
using MlOps.Core.Evaluation.Generation;
using MlOps.Core.Models.Decoders;
using MlOps.Specs.Model;
using TorchSharp;

namespace MlOps.Core.Pipeline;

/// <summary>
/// evaluation.generation of a causal-LM run: the fine-tuned model continues the validation (and test)
/// prompts, scored as exact_match, token_f1 and rouge_l; with a base checkpoint the base model does the
/// same on the same prompts (the baseline, for `against: baseline` gates); the first rows become the
/// report's table.
/// </summary>
internal static class CausalLmGeneration
{
    public sealed record Outcome(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> FineTuned,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Base,
        IReadOnlyList<GenerationExample> Examples);

    /// <summary>Null without evaluation.generation or without instruction examples (plain text has no prompts).</summary>
    public static Outcome? Evaluate(RunContext run, DecoderForCausalLm model)
    {
        if (run.Spec.Evaluation.Generation is not { } spec || run.Data.CausalLm is not { } data || run.Data.Tokenizer is not { } tokenizer)
        {
            return null;
        }
        var splits = new List<(string Key, IReadOnlyList<InstructionExample> Examples, string File)>();
        if (data.Validation is { Count: > 0 } validation)
        {
            splits.Add((MetricSplit.Validation.Key(), validation, run.Spec.Data.Validation ?? run.Spec.Data.Train ?? run.Spec.SpecPath));
        }
        if (data.Test is { Count: > 0 } test)
        {
            splits.Add((MetricSplit.Test.Key(), test, run.Spec.Data.Test ?? run.Spec.SpecPath));
        }
        if (splits.Count == 0)
        {
            return null;
        }
        var options = Options(spec, run.Spec.Seed);
        var fineTuned = splits.ToDictionary(s => s.Key, s => ExampleGeneration.Run(model, tokenizer, s.Examples, options, s.File));
        Dictionary<string, ExampleGeneration.Scored>? baseline = null;
        if (run.Spec.Base.Checkpoint is { } checkpoint)
        {
            using var baseModel = new DecoderForCausalLm(model.Config);
            DecoderWeights.LoadInto(baseModel, checkpoint, run.BaseLocation, inform: null);
            baseModel.to(run.Device);
            baseline = splits.ToDictionary(s => s.Key, s => ExampleGeneration.Run(baseModel, tokenizer, s.Examples, options, s.File));
        }
        var shown = splits[0];
        var examples = shown.Examples.Take(spec.Examples).Select((e, i) => new GenerationExample(
            e.Line, e.Prompt, e.Completion, baseline?[shown.Key].Outputs[i], fineTuned[shown.Key].Outputs[i])).ToList();
        return new Outcome(
            fineTuned.ToDictionary(p => p.Key, p => p.Value.Metrics),
            baseline?.ToDictionary(p => p.Key, p => p.Value.Metrics) ?? [],
            examples);
    }

    public static GenerationOptions Options(GenerationSpec spec, long seed) => new()
    {
        MaxNewTokens = spec.MaxNewTokens,
        Sample = spec.Sampling is not null,
        Seed = spec.Sampling?.Seed ?? seed,
        Temperature = spec.Sampling?.Temperature ?? 1.0,
        TopK = spec.Sampling?.TopK ?? 0,
        TopP = spec.Sampling?.TopP ?? 1.0,
    };
}
