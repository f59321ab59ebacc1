using MlOps.Core.Models;
using MlOps.Core.Models.Transformers;
using static TorchSharp.torch;

namespace MlOps.Core.Training.Objectives;

/// <summary>
/// Masked-language-model pretraining: mask a share of each batch's tokens (BERT's 80/10/10) with a
/// generator seeded by the batch's position, so a resume draws the same masks, and minimise the
/// cross-entropy on those tokens. The model's forward gives vocabulary logits per position.
/// </summary>
public sealed class MaskedLmObjective(MaskingOptions masking) : ITrainingObjective
{
    public Tensor Loss(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, BatchKey batch)
    {
        using var generator = new Generator(batch.GeneratorSeed);
        using var masked = MaskedLanguageModeling.Mask(inputs, masking, generator);
        return Loss(model.forward(masked.Inputs).to(ScalarType.Float32), masked.Labels);
    }

    /// <summary>Mean cross-entropy over the masked tokens; 0 (not NaN) when a batch has none.</summary>
    public static Tensor Loss(Tensor logits, Tensor labels)
    {
        if (!labels.ne(MaskedLanguageModeling.IgnoreIndex).any().item<bool>())
        {
            // Short texts in a small batch can leave nothing masked: no signal, and 0/0 would read as a NaN loss.
            return logits.sum() * 0;
        }
        return MaskedLanguageModeling.Loss(logits, labels);
    }
}
