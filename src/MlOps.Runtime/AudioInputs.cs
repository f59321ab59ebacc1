using System.Globalization;
using MlOps.Audio;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Export;

namespace MlOps.Runtime;

/// <summary>
/// Clips (WAV or FLAC files, or samples) to <c>log_mel</c> through MlOps.Audio, the code training's
/// evaluation ran: decode and mix down to mono, resample, crop or pad (centred), log-mel, then the
/// training mean and std of model.json, in the same float arithmetic, so a clip scores as its
/// validation row did. No augmentation.
/// </summary>
internal sealed class AudioInputs : IClipInputs
{
    private readonly AudioFeatureExtractor extractor;
    private readonly float mean;
    private readonly float scale;

    public AudioInputs(AudioPreprocessing audio, string source)
    {
        var melScale = LogMelSettings.ParseMelScale(audio.MelScale);
        var settings = new LogMelSettings(audio.SampleRate, audio.Seconds, audio.NMels, audio.NFft, audio.HopLength, audio.FMin, audio.FMax, melScale ?? MelFrequencyScale.Htk, audio.TopDb);
        var problem = melScale is null ? $"mel scale '{audio.MelScale}' is neither htk nor slaney"
            : settings.Problem() is { } p ? p
            : !(audio.Std > 0) ? "its std is not above 0"
            : null;
        var built = problem is null ? new AudioFeatureExtractor(settings) : null;
        if (built is not null && built.Frames != audio.Frames)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"it says {audio.Frames} frames, but its settings give {built.Frames}");
        }
        if (problem is not null)
        {
            throw ModelSource.Incompatible(source, $"its audio preprocessing does not fit MlOps.Audio: {problem}");
        }
        extractor = built!;
        // As the audio loader standardises: (x − (float)mean) · (float)(1 / std).
        mean = (float)audio.Mean;
        scale = (float)(1 / audio.Std);
    }

    public int Width => extractor.FeaturesPerClip;

    public long[] Shape(int rows) => [rows, 1, extractor.Settings.NMels, extractor.Frames];

    /// <summary>Decodes an encoded WAV or FLAC file's <paramref name="bytes"/> (named <paramref name="what"/> in errors) into <paramref name="values"/>.</summary>
    public void Encode(byte[] bytes, string what, Span<float> values)
    {
        var audio = Decode(bytes, what);
        Write(extractor.Waveform(audio.Samples, audio.SampleRate), values);
    }

    /// <summary>Mono samples in [-1, 1] at <paramref name="sampleRate"/> Hz into <paramref name="values"/>.</summary>
    public void Encode(float[] samples, int sampleRate, Span<float> values)
    {
        CheckSamples(samples, sampleRate);
        Write(extractor.Waveform(samples, sampleRate), values);
    }

    /// <summary>The decoded clip; a file that is no WAV or FLAC clip is MLOPS367 naming <paramref name="what"/>.</summary>
    public static DecodedAudio Decode(byte[] bytes, string what)
    {
        try
        {
            return AudioDecoder.Decode(bytes);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            throw Invalid(what, $"the clip cannot be read: {e.Message.TrimEnd('.')}; pass a WAV (PCM 8/16/24/32-bit or float) or FLAC file");
        }
    }

    /// <summary>Samples a caller passed: a positive rate, at least one sample, all finite (MLOPS367 otherwise).</summary>
    public static void CheckSamples(float[] samples, int sampleRate)
    {
        var problem = sampleRate < 1 ? string.Create(CultureInfo.InvariantCulture, $"sample rate {sampleRate} is not a positive number of Hz")
            : samples.Length == 0 ? "there are no samples"
            : samples.Any(s => !float.IsFinite(s)) ? "a sample is not a finite number"
            : null;
        if (problem is not null)
        {
            throw Invalid("samples", $"the clip cannot be used: {problem}; pass mono samples in [-1, 1] and their rate");
        }
    }

    private void Write(float[] waveform, Span<float> values)
    {
        extractor.LogMel(waveform, values);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (values[i] - mean) * scale;
        }
    }

    /// <summary>A file's bytes; a missing or unreadable file is MLOPS367 naming it.</summary>
    public static byte[] Read(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw Invalid(path, $"the clip cannot be read: {e.Message.TrimEnd('.')}");
        }
    }

    private static MlOpsException Invalid(string what, string why) =>
        new(Diagnostic.Error(RuntimeErrorCodes.InputInvalid, why, SourceLocation.None(what)));
}
