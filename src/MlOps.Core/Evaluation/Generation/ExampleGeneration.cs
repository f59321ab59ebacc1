using System.Globalization;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Data.CausalLm;
using MlOps.Core.Models.Decoders;
using MlOps.Text;

namespace MlOps.Core.Evaluation.Generation;

/// <summary>
/// Continues instruction examples' prompts with a language model and scores the text against their
/// completions: what a causal-LM run reports as exact_match, token_f1 and rouge_l, for the fine-tuned
/// model and for the base model alike.
/// </summary>
public static class ExampleGeneration
{
    public sealed record Scored(IReadOnlyList<string> Outputs, IReadOnlyDictionary<string, double> Metrics);

    /// <param name="file">The data file the examples came from, for errors at their lines.</param>
    /// <exception cref="MlOpsException">MLOPS375 at the example's line when its prompt leaves no room for max_new_tokens.</exception>
    public static Scored Run(DecoderForCausalLm model, TextTokenizer tokenizer, IReadOnlyList<InstructionExample> examples, GenerationOptions options, string file)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(options);
        var prompts = examples.Select(e => InstructionPrompts.Encode(e, tokenizer)).ToList();
        for (var i = 0; i < prompts.Count; i++)
        {
            if (prompts[i].Count == 0 || prompts[i].Count + options.MaxNewTokens > model.Config.MaxPositions)
            {
                throw new MlOpsException(Diagnostic.Error(DecoderErrorCodes.BadGeneration, string.Create(CultureInfo.InvariantCulture,
                    $"the prompt at line {examples[i].Line} is {prompts[i].Count} tokens; with evaluation.generation.max_new_tokens {options.MaxNewTokens} it needs more than {model.Config.ModelName}'s {model.Config.MaxPositions} positions: lower max_new_tokens or shorten the prompt"),
                    new SourceLocation(file, examples[i].Line, examples[i].Column)));
            }
        }
        var outputs = GeneratedTexts.Of(model, tokenizer, prompts, options, SourceLocation.None(file));
        return new Scored(outputs, GenerationMetrics.Score(outputs, [.. examples.Select(e => e.Completion)]));
    }
}
