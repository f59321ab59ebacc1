using MlOps.Audio;

namespace MlOps.Core.Data.Audio;

/// <summary>
/// The rows of an audio split, made per batch on the trainer's background threads: each clip decoded,
/// resampled, fixed in length, turned into a log-mel spectrogram and standardised when a batch needs
/// it, so memory holds the batches in flight, not the split. Row r is clip r % clips; rows from
/// <c>clips</c> on are augmented copies (copy r / clips − 1) of a training split.
/// </summary>
internal sealed class AudioClipRows(IReadOnlyList<string> paths, AudioFeatureExtractor extractor, float mean, float scale, AudioAugmenter? augmenter, int seed) : IRowSource
{
    /// <summary>Keeps the spectrogram masks' draws apart from the waveform's.</summary>
    private const int MaskSeedSalt = 0x5EC7A06;

    public int Clips => paths.Count;

    public void Write(int row, Span<float> target, RowAugmentation? augmentation)
    {
        var clip = row % paths.Count;
        var copy = (row / paths.Count) - 1;
        var waveform = Waveform(paths[clip]);
        if (copy >= 0)
        {
            waveform = augmenter!.Waveform(waveform, AudioAugmenter.RandomFor(seed, clip, copy));
        }
        extractor.LogMel(waveform, target);
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = (target[i] - mean) * scale;
        }
        if (copy >= 0)
        {
            var frames = extractor.Frames;
            augmenter!.Mask(target, target.Length / frames, frames, AudioAugmenter.RandomFor(seed ^ MaskSeedSalt, clip, copy));
        }
    }

    private float[] Waveform(string path)
    {
        try
        {
            return extractor.Waveform(path);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            // It decoded when the data was loaded: the file changed during the run.
            throw DataError.File(DataErrorCodes.AudioMalformed, path, $"cannot read this clip any more: {e.Message} It was read when the data was loaded, so it changed during the run; restore it and run again.");
        }
    }
}
