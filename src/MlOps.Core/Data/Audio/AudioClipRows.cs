using MlOps.Audio;

namespace MlOps.Core.Data.Audio;

/// <summary>
/// The rows of an audio split, made per batch on the trainer's background threads: each clip decoded,
/// resampled, fixed in length, turned into a log-mel spectrogram and standardised when a batch needs
/// it, so memory holds the batches in flight, not the split. Row r is clip r % clips; rows from
/// <c>clips</c> on are augmented copies (copy r / clips − 1) of a training split. With
/// <paramref name="waveform"/> (a model that reads raw waveforms) a row is the clip itself
/// (<see cref="WaveformClip"/>): no log-mel, no standardisation, no spectrogram masks.
/// </summary>
internal sealed class AudioClipRows(IReadOnlyList<string> paths, AudioFeatureExtractor extractor, float mean, float scale, AudioAugmenter? augmenter, int seed,
    WaveformInput? waveform = null) : IRowSource
{
    /// <summary>Keeps the spectrogram masks' draws apart from the waveform's.</summary>
    private const int MaskSeedSalt = 0x5EC7A06;

    public int Clips => paths.Count;

    public void Write(int row, Span<float> target, RowAugmentation? augmentation)
    {
        var clip = row % paths.Count;
        var copy = (row / paths.Count) - 1;
        if (waveform is not null)
        {
            var raw = Read(() => WaveformClip.Read(paths[clip], extractor.Settings.SampleRate, extractor.Settings.Samples), paths[clip]);
            WaveformClip.Write(copy >= 0 ? augmenter!.Waveform(raw, AudioAugmenter.RandomFor(seed, clip, copy)) : raw, waveform.Normalize, target);
            return;
        }
        var samples = Read(() => extractor.Waveform(paths[clip]), paths[clip]);
        if (copy >= 0)
        {
            samples = augmenter!.Waveform(samples, AudioAugmenter.RandomFor(seed, clip, copy));
        }
        extractor.LogMel(samples, target);
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

    private static float[] Read(Func<float[]> decode, string path)
    {
        try
        {
            return decode();
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            // It decoded when the data was loaded: the file changed during the run.
            throw DataError.File(DataErrorCodes.AudioMalformed, path, $"cannot read this clip any more: {e.Message} It was read when the data was loaded, so it changed during the run; restore it and run again.");
        }
    }
}
