using MlOps.Core.Models;
using static TorchSharp.torch;

namespace MlOps.Core.Training.Objectives;

/// <summary>
/// Masked-language-model pretraining: mask a share of each batch's tokens with a generator seeded
/// by the batch's position (so a resume is bit-identical), predict them, cross-entropy on those only.
/// </summary>
public sealed class MaskedLmObjective(double maskProbability) : ITrainingObjective
{
    public const long Ignored = -100;

    public Tensor Loss(FineTuneModule model, Tensor inputs, Tensor labels, BatchKey batch)
    {
        var mlm = (IMaskedLanguageModel)model;
        using var generator = new Generator(batch.GeneratorSeed);
        var (masked, targets) = mlm.Mask(inputs, maskProbability, generator);
        return Loss(mlm.MaskedLmLogits(masked), targets);
    }

    /// <summary>Mean cross-entropy over the masked tokens; labels are trimmed to the logits' length.</summary>
    public static Tensor Loss(Tensor logits, Tensor labels)
    {
        var length = logits.shape[1];
        var trimmed = labels.narrow(1, 0, length).reshape(-1);
        if (!trimmed.ne(Ignored).any().item<bool>())
        {
            // Nothing masked in this batch (short texts, small batch): no signal, and 0/0 would read as a NaN loss.
            return logits.sum() * 0;
        }
        return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), trimmed, ignore_index: Ignored);
    }
}
