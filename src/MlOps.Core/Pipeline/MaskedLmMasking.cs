using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Transformers;
using MlOps.Text;
using MlOps.Specs.Model;

namespace MlOps.Core.Pipeline;

/// <summary>What masked-LM pretraining may mask and with what: the tokenizer's mask token; never its special tokens.</summary>
internal static class MaskedLmMasking
{
    public static MaskingOptions? For(FineTuneSpec spec, TextTokenizer? tokenizer)
    {
        if (spec.Training.Objective != TrainingObjective.MaskedLm || tokenizer is null)
        {
            return null;
        }
        var special = tokenizer.Special;
        if (special.Mask is not { } mask)
        {
            throw new MlOpsException(Diagnostic.Error(TextErrorCodes.TokenizerMismatch,
                $"training.objective masked_lm needs a mask token ([MASK] or <mask>), and the tokenizer '{tokenizer.Source}' has none: add it to the vocabulary",
                spec.Data.Location ?? SourceLocation.None(spec.SpecPath)));
        }
        return new MaskingOptions(mask, special.Pad, tokenizer.VocabularySize, [special.Start, special.End, special.Unknown])
        {
            Probability = spec.Training.MaskProbability,
        };
    }
}
