using MlOps.Core.Data.CausalLm;
using static TorchSharp.torch;

namespace MlOps.Core.Training.Objectives;

/// <summary>
/// Causal language modelling: the cross-entropy of each position's logits against the next token,
/// over the positions whose next token is learned (labels −100 elsewhere: prompts, padding), as
/// transformers' ForCausalLMLoss: labels are aligned with the ids and shifted here. A batch row is
/// [2, length]: the ids (−1 for padding) and the labels, packed rows add segments (see <see cref="SequenceRows"/>).
/// </summary>
public sealed class CausalLmObjective : ITrainingObjective
{
    public static readonly CausalLmObjective Instance = new();

    /// <summary>From fp32 logits, also when the model computes in bf16.</summary>
    public Tensor Loss(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, BatchKey batch)
    {
        var (ids, targets) = Split(inputs);
        var logits = model.forward(ids).to(ScalarType.Float32);
        var (shiftedLogits, shiftedLabels) = Shift(logits, targets);
        if (!shiftedLabels.ne(TokenSequence.Ignore).any().item<bool>())
        {
            // A batch of prompts cut before their completions has nothing to learn; 0/0 would read as a NaN loss.
            return logits.sum() * 0;
        }
        return nn.functional.cross_entropy(shiftedLogits, shiftedLabels, ignore_index: TokenSequence.Ignore);
    }

    /// <summary>
    /// A batch [batch, 2, length] as the model's input, its ids (floats, −1 padding), and int64 labels.
    /// Packed rows [batch, 3, length] carry each token's segment too: the input is then the ids and the
    /// segments [batch, 2, length], which <see cref="Models.Decoders.DecoderForCausalLm"/> reads.
    /// </summary>
    public static (Tensor Ids, Tensor Labels) Split(Tensor rows)
    {
        var labels = rows.select(1, SequenceRows.LabelsChannel).to(ScalarType.Int64);
        if (rows.shape[1] == SequenceRows.PackedChannels)
        {
            using var channels = tensor(new long[] { SequenceRows.IdsChannel, SequenceRows.SegmentsChannel }, device: rows.device);
            return (rows.index_select(1, channels), labels);
        }
        return (rows.select(1, SequenceRows.IdsChannel), labels);
    }

    /// <summary>The token ids of a batch of rows (floats, −1 padding), packed or not.</summary>
    public static Tensor Ids(Tensor rows) => rows.select(1, SequenceRows.IdsChannel);

    /// <summary>Logits of positions 0 … n−2 flattened to [tokens, vocab], against labels 1 … n−1 flattened.</summary>
    public static (Tensor Logits, Tensor Labels) Shift(Tensor logits, Tensor labels)
    {
        var length = logits.shape[1];
        return (logits.narrow(1, 0, length - 1).reshape(-1, logits.shape[2]), labels.narrow(1, 1, length - 1).reshape(-1));
    }
}
