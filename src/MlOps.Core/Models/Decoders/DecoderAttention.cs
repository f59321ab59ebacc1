using static TorchSharp.torch;

namespace MlOps.Core.Models.Decoders;

/// <summary>
/// Scaled dot-product attention with grouped key/value heads, as the Hugging Face eager path computes it.
/// Not libtorch's fused scaled_dot_product_attention: on the CPU it was no faster here (training the
/// benchmark's decoder at 64 and at 512 tokens per row, the same tokens per CPU second within the
/// machine's noise; attention is a few percent of a step), and the eager path is the one the reference
/// numerics and the ONNX export (Export/Graphs/DecoderLayerGraph) reproduce operation for operation.
/// </summary>
internal static class DecoderAttention
{
    /// <param name="query">[batch, heads, new, head_dim].</param>
    /// <param name="keys">[batch, key/value heads, past + new, head_dim] (and likewise values).</param>
    /// <param name="allowed">[batch, 1, new, past + new]: which keys each query may see.</param>
    public static Tensor Compute(Tensor query, Tensor keys, Tensor values, Tensor allowed, double dropout, bool training)
    {
        using var scope = NewDisposeScope();
        var groups = query.shape[1] / keys.shape[1];
        if (groups > 1)
        {
            keys = keys.repeat_interleave(groups, 1);
            values = values.repeat_interleave(groups, 1);
        }
        var scores = query.matmul(keys.transpose(-1, -2)) / Math.Sqrt(query.shape[^1]);
        // The dtype's lowest value, not -inf: a row with nothing allowed (a padding query) stays finite.
        scores = scores.masked_fill(allowed.logical_not(), finfo(scores.dtype).min);
        var weights = nn.functional.softmax(scores, -1, ScalarType.Float32).to(query.dtype);
        weights = nn.functional.dropout(weights, dropout, training);
        return weights.matmul(values).MoveToOuterDisposeScope();
    }

    /// <summary>[batch, heads, length, head_dim] to [batch, length, heads · head_dim].</summary>
    public static Tensor MergeHeads(Tensor x) =>
        x.transpose(1, 2).contiguous().view(x.shape[0], x.shape[2], x.shape[1] * x.shape[3]);
}
