using MlOps.Contracts.Diagnostics;
using MlOps.Core.Evaluation.Generation;
using MlOps.Core.Models.Decoders;
using MlOps.Text;

namespace MlOps.Core.Fairness.Counterfactual;

/// <summary>1 when the model's continuation of a prompt matches the reference (SQuAD's exact match), else 0.</summary>
public sealed class ExactMatchScorer(DecoderForCausalLm model, TextTokenizer tokenizer, GenerationOptions options) : ICounterfactualScorer
{
    public IReadOnlyList<double> Score(IReadOnlyList<string> prompts, string reference)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        var encoded = prompts.Select(p => tokenizer.EncodeWithSpecialTokens(p)).ToList();
        var outputs = GeneratedTexts.Of(model, tokenizer, encoded, options, SourceLocation.None("bias"));
        return [.. outputs.Select(o => SquadText.ExactMatch(o, reference))];
    }
}
