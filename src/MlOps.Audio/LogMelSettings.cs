using System.Globalization;

namespace MlOps.Audio;

/// <summary>
/// How a clip becomes a log-mel spectrogram: resampled to <see cref="SampleRate"/>, cropped or
/// zero-padded (centred) to <see cref="Seconds"/>, then torchaudio's MelSpectrogram + AmplitudeToDB
/// with these parameters. Training builds it from data.audio, the runtime from the model's manifest,
/// so both compute the same numbers.
/// </summary>
public sealed record LogMelSettings(int SampleRate, double Seconds, int NMels, int NFft, int HopLength, double FMin, double FMax, MelFrequencyScale MelScale, double? TopDb)
{
    /// <summary>Samples per clip after the crop or pad.</summary>
    public int Samples => (int)Math.Round(Seconds * SampleRate);

    /// <summary>"htk" or "slaney", as torchaudio and the manifest spell it.</summary>
    public string MelScaleName => MelScale.ToString().ToLowerInvariant();

    /// <summary>torchaudio's spelling back to the scale; null when unknown.</summary>
    public static MelFrequencyScale? ParseMelScale(string name) => name.ToLowerInvariant() switch
    {
        "htk" => MelFrequencyScale.Htk,
        "slaney" => MelFrequencyScale.Slaney,
        _ => null,
    };

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem() =>
        SampleRate < 1000 ? string.Create(CultureInfo.InvariantCulture, $"sample rate {SampleRate} is below 1000 Hz")
        : NFft < 8 || HopLength < 1 || NMels < 1 ? "n_fft, hop_length and n_mels must be positive (n_fft at least 8)"
        : Samples <= NFft / 2 ? string.Create(CultureInfo.InvariantCulture, $"{Seconds} s is too short for n_fft {NFft}")
        : !(FMax > FMin) || FMin < 0 ? "f_max must be above f_min, and f_min at least 0"
        : null;
}
