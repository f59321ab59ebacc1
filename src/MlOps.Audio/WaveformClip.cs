namespace MlOps.Audio;

/// <summary>
/// A clip as a waveform model (wav2vec2, hubert) reads it, the way Hugging Face's
/// Wav2Vec2FeatureExtractor prepares one: decoded, resampled, the middle cropped when longer than
/// the layout, normalised over its own samples to zero mean and unit variance ((x − mean) /
/// sqrt(var + 1e-7), do_normalize), then right-padded with zeros, which the model reads as padding.
/// Training (MlOps.Core's audio loader) and MlOps.Runtime share it, so a clip reads the same in both.
/// </summary>
public static class WaveformClip
{
    private const double VarianceFloor = 1e-7;

    /// <summary>The clip at the layout's rate, cropped to at most <paramref name="length"/> samples (not padded).</summary>
    public static float[] Read(string path, int sampleRate, int length)
    {
        var audio = AudioDecoder.Decode(path);
        return Fit(audio.Samples, audio.SampleRate, sampleRate, length);
    }

    /// <summary>Mono <paramref name="samples"/> at <paramref name="rate"/> Hz resampled to <paramref name="sampleRate"/> and cropped as <see cref="Read"/> does.</summary>
    public static float[] Fit(float[] samples, int rate, int sampleRate, int length)
    {
        var resampled = rate == sampleRate ? samples : PolyphaseResampler.Resample(samples, rate, sampleRate);
        return resampled.Length > length ? resampled.AsSpan((resampled.Length - length) / 2, length).ToArray() : resampled;
    }

    /// <summary>Writes the (normalised) clip at the start of <paramref name="target"/> and zeros after it.</summary>
    public static void Write(ReadOnlySpan<float> clip, bool normalize, Span<float> target)
    {
        var n = Math.Min(clip.Length, target.Length);
        double mean = 0, variance = 0;
        if (normalize && n > 0)
        {
            for (var i = 0; i < n; i++)
            {
                mean += clip[i];
            }
            mean /= n;
            for (var i = 0; i < n; i++)
            {
                variance += (clip[i] - mean) * (clip[i] - mean);
            }
            variance /= n;
        }
        var scale = normalize ? 1 / Math.Sqrt(variance + VarianceFloor) : 1;
        for (var i = 0; i < n; i++)
        {
            target[i] = (float)((clip[i] - mean) * scale);
        }
        target[n..].Clear();
    }
}
