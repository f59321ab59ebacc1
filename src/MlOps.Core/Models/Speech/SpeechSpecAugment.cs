using System.Globalization;
using MlOps.Contracts.Diagnostics;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Speech;

/// <summary>
/// SpecAugment on the projected features in training, as transformers' Wav2Vec2Model._mask_hidden_states
/// and _compute_mask_indices (modeling_wav2vec2.py) do it: spans of mask_time_length frames, their
/// count from <see cref="SpanCount"/> with one random rounding offset per batch, starts drawn without
/// replacement inside each row's real frames, set to masked_spec_embed; then spans of hidden channels
/// zeroed over the whole clip. The draws come from torch's generator (transformers uses numpy's), so a
/// seeded run repeats; padded frames are never masked (transformers' dummy span may touch the last
/// padded frame, which the encoder zeroes anyway).
/// </summary>
internal static class SpeechSpecAugment
{
    /// <summary>
    /// transformers' compute_num_masked_span: ⌊prob · length / span + ε⌋, at least <paramref name="minMasks"/>,
    /// at most what fits in the padded axis and in the row's real length.
    /// </summary>
    public static long SpanCount(double prob, long inputLength, int spanLength, int minMasks, long sequenceLength, double epsilon)
    {
        var count = Math.Max((long)((prob * inputLength / spanLength) + epsilon), minMasks);
        if (count * spanLength > sequenceLength)
        {
            count = sequenceLength / spanLength;
        }
        if (inputLength - (spanLength - 1) < count)
        {
            count = Math.Max(inputLength - (spanLength - 1), 0);
        }
        return count;
    }

    /// <summary>The spans a row gets: none for any row when the padded axis itself gets none, as transformers returns early then.</summary>
    public static long RowSpanCount(double prob, long inputLength, int spanLength, int minMasks, long sequenceLength, double epsilon) =>
        SpanCount(prob, sequenceLength, spanLength, minMasks, sequenceLength, epsilon) == 0
            ? 0
            : SpanCount(prob, inputLength, spanLength, minMasks, sequenceLength, epsilon);

    /// <summary>A bool mask [rows, <paramref name="sequenceLength"/>] (CPU) of spans inside each row's real length.</summary>
    public static Tensor SpanMask(IReadOnlyList<long> lengths, long sequenceLength, double prob, int spanLength, int minMasks)
    {
        var epsilon = rand(1, dtype: ScalarType.Float64).item<double>();
        var mask = new bool[lengths.Count * sequenceLength];
        for (var row = 0; row < lengths.Count; row++)
        {
            var count = RowSpanCount(prob, lengths[row], spanLength, minMasks, sequenceLength, epsilon);
            if (count == 0)
            {
                continue;
            }
            using var starts = randperm(lengths[row] - (spanLength - 1)).narrow(0, 0, count);
            foreach (var start in starts.data<long>())
            {
                Array.Fill(mask, true, (int)((row * sequenceLength) + start), spanLength);
            }
        }
        return tensor(mask, [lengths.Count, sequenceLength]);
    }

    /// <summary>The masked hidden states [batch, frames, hidden]; <paramref name="frameMask"/> is true on real frames.</summary>
    public static Tensor Apply(Tensor hidden, Tensor frameMask, Tensor? embed, SpeechConfig config)
    {
        var maskTime = config.ApplySpecAugment && config.MaskTimeProb > 0 && embed is not null;
        var maskFeatures = config.ApplySpecAugment && config.MaskFeatureProb > 0;
        if (!maskTime && !maskFeatures)
        {
            return hidden;
        }
        using var scope = NewDisposeScope();
        var (batch, frames, channels) = (hidden.shape[0], hidden.shape[1], hidden.shape[2]);
        var x = hidden.alias();
        if (maskTime)
        {
            if (config.MaskTimeLength > frames)
            {
                throw new MlOpsException(Diagnostic.Error(SpeechErrorCodes.MaskLongerThanClip, string.Create(CultureInfo.InvariantCulture,
                    $"the clips give {frames} frames, fewer than the checkpoint's mask_time_length {config.MaskTimeLength}: lengthen data.audio.seconds, or lower mask_time_length (or set mask_time_prob to 0) in config.json"),
                    SourceLocation.None("config.json")));
            }
            var lengths = frameMask.sum(1).cpu().data<long>().ToArray();
            var spans = SpanMask(lengths, frames, config.MaskTimeProb, config.MaskTimeLength, config.MaskTimeMinMasks).to(hidden.device);
            x = where(spans.unsqueeze(-1), embed!.to(hidden.dtype), x);
        }
        if (maskFeatures)
        {
            var lengths = Enumerable.Repeat(channels, (int)batch).ToArray();
            var spans = SpanMask(lengths, channels, config.MaskFeatureProb, config.MaskFeatureLength, config.MaskFeatureMinMasks).to(hidden.device);
            x = x.masked_fill(spans.unsqueeze(1), 0.0);
        }
        return x.MoveToOuterDisposeScope();
    }
}
