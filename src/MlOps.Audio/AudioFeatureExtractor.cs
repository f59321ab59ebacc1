using System.Globalization;

namespace MlOps.Audio;

/// <summary>
/// A clip to model input: decode (mono), resample to the settings' sample rate, crop or zero-pad
/// to their length (centred), then the log-mel spectrogram in dB. Thread-safe: clips are
/// extracted in parallel.
/// </summary>
public sealed class AudioFeatureExtractor
{
    /// <summary>A clip whose peak is below −80 dBFS counts as silent.</summary>
    public const float SilencePeak = 1e-4f;

    private readonly LogMelSpectrogram _logMel;

    public AudioFeatureExtractor(LogMelSettings settings)
    {
        Settings = settings;
        _logMel = new LogMelSpectrogram(settings.SampleRate, settings.NFft, settings.HopLength, settings.NMels, settings.FMin, settings.FMax, settings.MelScale, settings.TopDb);
        Frames = _logMel.Frames(settings.Samples);
    }

    public LogMelSettings Settings { get; }

    public int Frames { get; }

    public int FeaturesPerClip => Settings.NMels * Frames;

    /// <summary>The clip at the model's rate and length. Throws <see cref="InvalidDataException"/> or <see cref="NotSupportedException"/> (no path in the message).</summary>
    public float[] Waveform(string path)
    {
        var audio = AudioDecoder.Decode(path);
        return Waveform(audio.Samples, audio.SampleRate);
    }

    /// <summary>Mono samples in [-1, 1] at <paramref name="sampleRate"/>, resampled and fixed in length as a file's would be.</summary>
    public float[] Waveform(float[] samples, int sampleRate)
    {
        var resampled = sampleRate == Settings.SampleRate ? samples : PolyphaseResampler.Resample(samples, sampleRate, Settings.SampleRate);
        return FixLength(resampled, Settings.Samples);
    }

    public void LogMel(ReadOnlySpan<float> waveform, Span<float> output) => _logMel.Compute(waveform, output);

    public static bool IsSilent(ReadOnlySpan<float> waveform)
    {
        foreach (var v in waveform)
        {
            if (Math.Abs(v) >= SilencePeak)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The middle <paramref name="length"/> samples, or the clip centred in zeros.</summary>
    public static float[] FixLength(float[] samples, int length)
    {
        if (samples.Length == length)
        {
            return samples;
        }
        var output = new float[length];
        if (samples.Length > length)
        {
            samples.AsSpan((samples.Length - length) / 2, length).CopyTo(output);
        }
        else
        {
            samples.CopyTo(output.AsSpan((length - samples.Length) / 2));
        }
        return output;
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"log-mel:1x{Settings.NMels}x{Frames} dB ({Settings.SampleRate} Hz, {Settings.Seconds} s, n_fft {Settings.NFft}, hop {Settings.HopLength}, {Settings.MelScaleName} mels {Settings.FMin}–{Settings.FMax} Hz)");
}
