using MlOps.Audio;

namespace MlOps.Core.Data.Audio;

/// <summary>
/// A clip as a waveform model (wav2vec2, hubert) reads it, the way Hugging Face's
/// Wav2Vec2FeatureExtractor prepares one: decoded, resampled, the middle cropped when longer than
/// the layout, normalised over its own samples to zero mean and unit variance ((x − mean) /
/// sqrt(var + 1e-7), do_normalize), then right-padded with zeros, which the model reads as padding.
/// </summary>
internal static class WaveformClip
{
    private const double VarianceFloor = 1e-7;

    /// <summary>The clip at the layout's rate, cropped to at most <paramref name="length"/> samples (not padded).</summary>
    public static float[] Read(string path, int sampleRate, int length)
    {
        var audio = AudioDecoder.Decode(path);
        var samples = audio.SampleRate == sampleRate ? audio.Samples : PolyphaseResampler.Resample(audio.Samples, audio.SampleRate, sampleRate);
        return samples.Length > length ? samples.AsSpan((samples.Length - length) / 2, length).ToArray() : samples;
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
