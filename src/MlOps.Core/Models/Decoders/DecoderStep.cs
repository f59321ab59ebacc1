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
    /// <param name="window">Mistral's sliding window: query i sees key j only if i − j &lt; window
    /// (transformers' sliding_window_overlay, kv_idx &gt; q_idx − window, on sequence indices); null for full attention.</param>
    public static Tensor Allowed(Tensor attentionMask, long newLength, int? window)
    {
        using var scope = NewDisposeScope();
        var total = attentionMask.shape[1];
        var past = total - newLength;
        var keys = arange(total, dtype: ScalarType.Int64, device: attentionMask.device);
        var queries = arange(past, total, dtype: ScalarType.Int64, device: attentionMask.device);
        var causal = keys.unsqueeze(0) <= queries.unsqueeze(1);
        if (window is { } w)
        {
            causal = causal.logical_and(keys.unsqueeze(0) > queries.unsqueeze(1) - w);
        }
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

    /// <summary>
    /// A packed training row (no cache): a query sees the earlier real keys of its own segment only (a
    /// block-diagonal causal mask, flash-attention's varlen semantics), and each segment's positions
    /// restart at 0 (TRL's padding-free position_ids), so every example computes as if it were alone.
    /// </summary>
    /// <param name="attentionMask">[batch, length], true where a token is real.</param>
    /// <param name="segments">int64 [batch, length]: which example of the row each token belongs to.</param>
    public static (Tensor Allowed, Tensor Positions) Segmented(Tensor attentionMask, Tensor segments, int? window)
    {
        using var scope = NewDisposeScope();
        var sameSegment = segments.unsqueeze(2).eq(segments.unsqueeze(1)).unsqueeze(1);
        var allowed = Allowed(attentionMask, attentionMask.shape[1], window).logical_and(sameSegment);
        // A real token sees itself and the earlier tokens of its segment: their count less one is its
        // position (counted without the window, which would cap it).
        var seen = window is null ? allowed : Allowed(attentionMask, attentionMask.shape[1], null).logical_and(sameSegment);
        var positions = (seen.squeeze(1).sum(-1, type: ScalarType.Int64) - 1).clamp_min(0);
        return (allowed.MoveToOuterDisposeScope(), positions.MoveToOuterDisposeScope());
    }
}
