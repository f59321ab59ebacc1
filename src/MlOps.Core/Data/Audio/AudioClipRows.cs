using MlOps.Audio;

namespace MlOps.Core.Data.Audio;

/// <summary>
/// The rows of an audio split, made per batch on the trainer's background threads: each clip decoded,
/// resampled, fixed in length, turned into a log-mel spectrogram and standardised when a batch needs
/// it, so memory holds the batches in flight, not the split. Row r is clip r % clips; in a training
/// split with data.audio.augment, rows from <c>clips</c> on are that clip's augmented versions, drawn
/// afresh every epoch from the row's (seed, epoch, row) key: a rerun, a resume or another thread count
/// gets the same data. Without a key (evaluation) every row is its clip as recorded. With
/// <paramref name="waveform"/> (a model that reads raw waveforms) a row is the clip itself
/// (<see cref="WaveformClip"/>): no log-mel, no standardisation, no spectrogram masks.
/// </summary>
internal sealed class AudioClipRows(IReadOnlyList<string> paths, AudioFeatureExtractor extractor, float mean, float scale, AudioAugmenter? augmenter,
    WaveformInput? waveform = null) : IRowSource
{
    public int Clips => paths.Count;

    public void Write(int row, Span<float> target, RowAugmentation? augmentation)
    {
        var clip = row % paths.Count;
        var random = augmenter is not null && row >= paths.Count && augmentation is { } key ? new Random(unchecked((int)(key.Mixed ^ (key.Mixed >> 32)))) : null;
        if (waveform is not null)
        {
            var raw = Read(() => WaveformClip.Read(paths[clip], extractor.Settings.SampleRate, extractor.Settings.Samples), paths[clip]);
            WaveformClip.Write(random is not null ? augmenter!.Waveform(raw, random) : raw, waveform.Normalize, target);
            return;
        }
        var samples = Read(() => extractor.Waveform(paths[clip]), paths[clip]);
        if (random is not null)
        {
            samples = augmenter!.Waveform(samples, random);
        }
        extractor.LogMel(samples, target);
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = (target[i] - mean) * scale;
        }
        if (random is not null)
        {
            var frames = extractor.Frames;
            augmenter!.Mask(target, target.Length / frames, frames, random);
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
