using MlOps.Contracts.Diagnostics;

namespace MlOps.Specs.Model;

/// <summary>
/// <c>data.audio</c>: how a clip becomes model input. Decoded to mono, resampled to
/// <see cref="SampleRate"/>, cropped or zero-padded (centred) to <see cref="Seconds"/>, then a log-mel
/// spectrogram as torchaudio defines it (MelSpectrogram + AmplitudeToDB, power, top_db none).
/// </summary>
public sealed record AudioSpec
{
    public int SampleRate { get; init; } = 16000;
    public double Seconds { get; init; } = 1.0;
    public int NMels { get; init; } = 40;
    public int NFft { get; init; } = 400;
    public int HopLength { get; init; } = 160;
    public double FMin { get; init; }
    /// <summary>Null: half the sample rate.</summary>
    public double? FMax { get; init; }
    public MelScale MelScale { get; init; } = MelScale.Htk;
    /// <summary>AmplitudeToDB's top_db: values below the spectrogram's maximum − TopDb are raised to it; null: no floor but −100 dB. librosa's default, 80.</summary>
    public double? TopDb { get; init; } = 80;
    /// <summary>format: audio only: the manifest column that holds each clip's path (relative to the manifest).</summary>
    public string PathColumn { get; init; } = "path";
    /// <summary>Training-time augmentation; null: none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public AudioAugmentSpec? Augment { get; init; }
    [System.Text.Json.Serialization.JsonIgnore]
    public SourceLocation? Location { get; init; }

    /// <summary>Samples per clip after the crop or pad.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Samples => (int)Math.Round(Seconds * SampleRate);

    [System.Text.Json.Serialization.JsonIgnore]
    public double UpperFrequency => FMax ?? SampleRate / 2.0;
}

/// <summary>The mel scale of the filterbank: torchaudio's mel_scale ("htk", its default, or "slaney").</summary>
public enum MelScale { Htk, Slaney }

/// <summary>
/// <c>data.audio.augment</c>: each training clip gets <see cref="Copies"/> augmented versions beside it,
/// drawn afresh every epoch from (seed, epoch, row), so a rerun or a resumed run sees the same data.
/// </summary>
public sealed record AudioAugmentSpec
{
    public int Copies { get; init; } = 1;
    /// <summary>Random gain, uniform in ±GainDb decibels.</summary>
    public double GainDb { get; init; }
    /// <summary>Time shift, uniform in ±ShiftSeconds (zeros shifted in).</summary>
    public double ShiftSeconds { get; init; }
    /// <summary>A folder of noise clips (WAV/FLAC) mixed in at a signal-to-noise ratio between the two bounds.</summary>
    public string? Noise { get; init; }
    public double NoiseMinSnrDb { get; init; } = 10;
    public double NoiseMaxSnrDb { get; init; } = 30;
    /// <summary>SpecAugment: this many time masks, each up to TimeMaskFrames wide, and frequency masks up to FreqMaskBins high.</summary>
    public int TimeMasks { get; init; }
    public int TimeMaskFrames { get; init; } = 10;
    public int FreqMasks { get; init; }
    public int FreqMaskBins { get; init; } = 8;
}
