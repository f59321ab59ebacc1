using System.Globalization;
using MlOps.Specs.Model;

namespace MlOps.Core.Data.Audio;

/// <summary>
/// A clip file to model input: decode (mono), resample to data.audio.sample_rate, crop or zero-pad
/// to data.audio.seconds (centred), then the log-mel spectrogram in dB. Thread-safe: clips are
/// extracted in parallel.
/// </summary>
internal sealed class AudioFeatureExtractor
{
    /// <summary>A clip whose peak is below −80 dBFS counts as silent.</summary>
    public const float SilencePeak = 1e-4f;

    private readonly AudioSpec _spec;
    private readonly LogMelSpectrogram _logMel;

    public AudioFeatureExtractor(AudioSpec spec)
    {
        _spec = spec;
        _logMel = new LogMelSpectrogram(spec.SampleRate, spec.NFft, spec.HopLength, spec.NMels, spec.FMin, spec.UpperFrequency, spec.MelScale, spec.TopDb);
        Frames = _logMel.Frames(spec.Samples);
    }

    public int Frames { get; }

    public int FeaturesPerClip => _spec.NMels * Frames;

    /// <summary>The clip at the model's rate and length. Throws <see cref="InvalidDataException"/> or <see cref="NotSupportedException"/> (no path in the message).</summary>
    public float[] Waveform(string path)
    {
        var audio = AudioDecoder.Decode(path);
        var samples = audio.SampleRate == _spec.SampleRate ? audio.Samples : PolyphaseResampler.Resample(audio.Samples, audio.SampleRate, _spec.SampleRate);
        return FixLength(samples, _spec.Samples);
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
        $"log-mel:1x{_spec.NMels}x{Frames} dB ({_spec.SampleRate} Hz, {_spec.Seconds} s, n_fft {_spec.NFft}, hop {_spec.HopLength}, {_spec.MelScale.ToString().ToLowerInvariant()} mels {_spec.FMin}–{_spec.UpperFrequency} Hz)");
}
