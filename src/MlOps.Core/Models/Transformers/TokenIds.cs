using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Transformers;

/// <summary>
/// Text arrives as token ids stored in float features ([batch, max_length], padded with the pad
/// id). The encoders want int64 ids, a mask of real tokens, and no columns that are padding in
/// every row: trimming them to the batch's longest sequence saves most of the attention cost.
/// </summary>
public static class TokenIds
{
    /// <summary>int64 ids trimmed to the last column holding a real token in any row (at least one column).</summary>
    public static Tensor Trim(Tensor ids, long padTokenId, int vocabSize)
    {
        using var scope = NewDisposeScope();
        if (ids.dtype is not (ScalarType.Float32 or ScalarType.Float64 or ScalarType.Int64 or ScalarType.Int32))
        {
            // bf16/fp16 hold whole numbers exactly only up to 256/2048: the ids would silently change.
            throw new ArgumentException($"token ids must reach a text model as float32 or int64, not {ids.dtype}: keep text inputs out of reduced-precision casts", nameof(ids));
        }
        var longIds = ids.dtype == ScalarType.Int64 ? ids.alias() : ids.to(ScalarType.Int64);
        if (longIds.dim() != 2)
        {
            throw new ArgumentException($"a text model takes token ids shaped [batch, max_length], not [{string.Join(", ", ids.shape)}]", nameof(ids));
        }
        var real = longIds.ne(padTokenId);
        var positions = arange(1, longIds.shape[1] + 1, dtype: ScalarType.Int64, device: longIds.device);
        // One device round trip per batch for the bounds check and the trimmed length.
        var stats = stack([longIds.min(), longIds.max(), (real.to(ScalarType.Int64) * positions).max()]).cpu().data<long>().ToArray();
        var (min, max) = (stats[0], stats[1]);
        if (min < 0 || max >= vocabSize)
        {
            throw new MlOpsException(Diagnostic.Error(TransformerErrorCodes.TokenOutOfVocabulary,
                $"token id {(min < 0 ? min : max)} is outside the model's vocabulary (0–{vocabSize - 1}): use the tokenizer that belongs to the checkpoint",
                SourceLocation.None("")));
        }
        var length = Math.Max(1L, stats[2]);
        return longIds.narrow(1, 0, length).MoveToOuterDisposeScope();
    }

    /// <summary>True where a token is real (not padding).</summary>
    public static Tensor Mask(Tensor ids, long padTokenId) => ids.ne(padTokenId);
}
