using static TorchSharp.torch;

namespace MlOps.Core.Models.Decoders;

/// <summary>
/// What every layer of one forward pass shares: which keys each query may see ([batch, 1, new, past + new],
/// causal and not padding), the rotary angles of the new positions (Llama family), and the cache.
/// </summary>
internal sealed record DecoderStep(Tensor Allowed, Tensor? Cos, Tensor? Sin, KvCache? Cache);

/// <summary>Causal masks and positions from a padding mask (left or right padding alike).</summary>
internal static class CausalMask
{
    /// <param name="attentionMask">[batch, past + new], true (or 1) where a token is real.</param>
    /// <param name="newLength">How many of the last positions this pass computes.</param>
    public static Tensor Allowed(Tensor attentionMask, long newLength)
    {
        using var scope = NewDisposeScope();
        var total = attentionMask.shape[1];
        var past = total - newLength;
        var keys = arange(total, dtype: ScalarType.Int64, device: attentionMask.device);
        var queries = arange(past, total, dtype: ScalarType.Int64, device: attentionMask.device);
        var causal = keys.unsqueeze(0) <= queries.unsqueeze(1);
        return causal.unsqueeze(0).unsqueeze(0).logical_and(attentionMask.to(ScalarType.Bool).unsqueeze(1).unsqueeze(1)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The position of each of the last <paramref name="newLength"/> tokens: how many real tokens precede
    /// it, so a left-padded prompt is numbered as if it were not padded (transformers' generate does the same).
    /// </summary>
    public static Tensor Positions(Tensor attentionMask, long newLength)
    {
        using var scope = NewDisposeScope();
        var positions = (attentionMask.to(ScalarType.Int64).cumsum(1) - 1).clamp_min(0);
        return positions.narrow(1, attentionMask.shape[1] - newLength, newLength).MoveToOuterDisposeScope();
    }
}

/// <summary>Scaled dot-product attention with grouped key/value heads, as the Hugging Face eager path computes it.</summary>
internal static class DecoderAttention
{
    /// <param name="query">[batch, heads, new, head_dim].</param>
    /// <param name="keys">[batch, key/value heads, past + new, head_dim] (and likewise values).</param>
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

    /// <summary>[batch, length, heads · head_dim] to [batch, heads, length, head_dim].</summary>
    public static Tensor SplitHeads(Tensor x, long heads, long headDim) =>
        x.view(x.shape[0], x.shape[1], heads, headDim).transpose(1, 2);

    public static Tensor MergeHeads(Tensor x) =>
        x.transpose(1, 2).contiguous().view(x.shape[0], x.shape[2], x.shape[1] * x.shape[3]);
}
