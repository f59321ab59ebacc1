using MlOps.Audio;

namespace MlOps.Core.Data.Audio;

/// <summary>
/// The rows of an audio split, made per batch on the trainer's background threads: each clip decoded,
/// resampled, fixed in length, turned into a log-mel spectrogram and standardised when a batch needs
/// it, so memory holds the batches in flight, not the split. Row r is clip r % clips; in a training
/// split with data.audio.augment, rows from <c>clips</c> on are that clip's augmented versions, drawn
/// afresh every epoch from the row's (seed, epoch, row) key: a rerun, a resume or another thread count
/// gets the same data. Without a key (evaluation) every row is its clip as recorded.
/// </summary>
internal sealed class AudioClipRows(IReadOnlyList<string> paths, AudioFeatureExtractor extractor, float mean, float scale, AudioAugmenter? augmenter) : IRowSource
{
    public int Clips => paths.Count;

    public void Write(int row, Span<float> target, RowAugmentation? augmentation)
    {
        var clip = row % paths.Count;
        var waveform = Waveform(paths[clip]);
        var random = augmenter is not null && row >= paths.Count && augmentation is { } key ? new Random(unchecked((int)(key.Mixed ^ (key.Mixed >> 32)))) : null;
        if (random is not null)
        {
            waveform = augmenter!.Waveform(waveform, random);
        }
        extractor.LogMel(waveform, target);
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
