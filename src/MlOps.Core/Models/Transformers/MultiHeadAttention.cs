using static TorchSharp.torch;

namespace MlOps.Core.Models.Transformers;

/// <summary>
/// Scaled dot-product attention over projected queries, keys and values, as BERT and DistilBERT
/// compute it: heads split from the hidden size, padded keys masked with the dtype's lowest value
/// (never -inf, so a row stays finite), softmax, attention dropout, heads merged back.
/// </summary>
internal static class MultiHeadAttention
{
    /// <param name="query">[batch, length, hidden] projected queries (and likewise key, value).</param>
    /// <param name="keyMask">[batch, length] true where a token is real.</param>
    public static Tensor Compute(Tensor query, Tensor key, Tensor value, Tensor keyMask, int heads, double dropout, bool training)
    {
        using var scope = NewDisposeScope();
        var (batch, length, hidden) = (query.shape[0], query.shape[1], query.shape[2]);
        var headSize = hidden / heads;
        Tensor Split(Tensor t) => t.view(batch, length, heads, headSize).transpose(1, 2);
        var scores = matmul(Split(query), Split(key).transpose(-1, -2)) / Math.Sqrt(headSize);
        var padded = keyMask.logical_not().view(batch, 1, 1, length);
        scores = scores.masked_fill(padded, finfo(scores.dtype).min);
        var weights = nn.functional.dropout(nn.functional.softmax(scores, -1), dropout, training);
        var context = matmul(weights, Split(value)).transpose(1, 2).contiguous().view(batch, length, hidden);
        return context.MoveToOuterDisposeScope();
    }
}
