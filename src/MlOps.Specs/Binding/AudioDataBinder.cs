using System.Globalization;
using MlOps.Specs.Formats;
using MlOps.Specs.Model;

namespace MlOps.Specs.Binding;

/// <summary>`data.audio` (and its `augment`): decoding and log-mel settings of audio formats.</summary>
internal static class AudioDataBinder
{
    private static readonly IReadOnlyList<(string, MelScale)> Scales = [("htk", MelScale.Htk), ("slaney", MelScale.Slaney)];

    /// <summary>The settings for an audio format (defaults when `audio:` is absent); null for other formats, after reporting a stray `audio:`.</summary>
    public static AudioSpec? Bind(SpecContext ctx, MappingReader data, DataFormatDefinition format)
    {
        if (!format.Audio)
        {
            if (data.KeyNode("audio") is { } stray)
            {
                ctx.Error(SpecErrorCodes.NotApplicable, $"'{data.Join("audio")}' only applies to audio data (format: audiofolder or audio), not format: {format.Name}", stray);
            }
            return null;
        }
        if (data.Mapping("audio", "data.audio") is not { } r)
        {
            return new AudioSpec { Location = ctx.Loc(data.Node) };
        }
        var spec = new AudioSpec
        {
            SampleRate = r.Int("sample_rate", new NumberRange(1000, 192000)) ?? 16000,
            Seconds = r.Number("seconds", new NumberRange(0.05, 60)) ?? 1.0,
            NMels = r.Int("n_mels", new NumberRange(1, 256)) ?? 40,
            NFft = r.Int("n_fft", new NumberRange(16, 8192)) ?? 400,
            HopLength = r.Int("hop_length", new NumberRange(1, 8192)) ?? 160,
            FMin = r.Number("f_min", new NumberRange(0, 96000)) ?? 0,
            FMax = r.Number("f_max", new NumberRange(1, 96000)),
            MelScale = r.Choice("mel_scale", Scales) ?? MelScale.Htk,
            TopDb = r.Value("top_db") is Yaml.YScalar { Kind: Yaml.ScalarKind.Null } ? null : r.Number("top_db", new NumberRange(1, 200)) ?? 80,
            PathColumn = r.Text("path_column") ?? "path",
            Augment = Augment(ctx, r),
            Location = ctx.Loc(r.Node),
        };
        if (format.Layout != DataLayout.Manifest && r.KeyNode("path_column") is { } pathKey)
        {
            ctx.Error(SpecErrorCodes.NotApplicable, $"'{r.Join("path_column")}' names the manifest's path column and only applies to format: audio", pathKey);
        }
        Check(ctx, r, spec);
        return spec;
    }

    private static void Check(SpecContext ctx, MappingReader r, AudioSpec spec)
    {
        string F(double v) => v.ToString(CultureInfo.InvariantCulture);
        if (spec.UpperFrequency > spec.SampleRate / 2.0 && r.Value("f_max") is { } fMax)
        {
            ctx.Error(SpecErrorCodes.AudioSettingsConflict, $"'{r.Join("f_max")}' is {F(spec.UpperFrequency)} Hz, above the Nyquist rate of sample_rate {spec.SampleRate} ({F(spec.SampleRate / 2.0)} Hz); lower it or leave it out", fMax);
        }
        if (spec.FMin >= spec.UpperFrequency && r.Value("f_min") is { } fMin)
        {
            ctx.Error(SpecErrorCodes.AudioSettingsConflict, $"'{r.Join("f_min")}' ({F(spec.FMin)} Hz) must be below f_max ({F(spec.UpperFrequency)} Hz)", fMin);
        }
        if (spec.HopLength > spec.NFft && r.Value("hop_length") is { } hop)
        {
            ctx.Error(SpecErrorCodes.AudioSettingsConflict, $"'{r.Join("hop_length")}' ({spec.HopLength}) is larger than n_fft ({spec.NFft}): samples between frames would never be seen", hop);
        }
        if (spec.Samples <= spec.NFft / 2)
        {
            ctx.Error(SpecErrorCodes.AudioSettingsConflict,
                $"a clip of {F(spec.Seconds)} s at {spec.SampleRate} Hz is {spec.Samples} samples, too short for n_fft {spec.NFft}; raise '{r.Join("seconds")}' or lower n_fft", r.Value("seconds") ?? r.Node);
        }
    }

    private static AudioAugmentSpec? Augment(SpecContext ctx, MappingReader audio)
    {
        if (audio.Mapping("augment", "data.audio.augment") is not { } r)
        {
            return null;
        }
        string? noise = null;
        if (r.Value("noise") is { } node)
        {
            noise = ctx.Paths.Resolve(ctx, node, r.Join("noise"), mustExist: false);
            if (noise is not null && !Directory.Exists(noise))
            {
                ctx.Error(SpecErrorCodes.PathNotFound, $"'{r.Join("noise")}' is not a folder (looked for '{noise}'); give a folder of WAV or FLAC noise clips, relative to the spec", node);
                noise = null;
            }
        }
        var spec = new AudioAugmentSpec
        {
            Copies = r.Int("copies", new NumberRange(1, 32)) ?? 1,
            GainDb = r.Number("gain_db", new NumberRange(0, 40)) ?? 0,
            ShiftSeconds = r.Number("shift_seconds", new NumberRange(0, 10)) ?? 0,
            Noise = noise,
            NoiseMinSnrDb = r.Number("noise_min_snr_db", new NumberRange(-20, 100)) ?? 10,
            NoiseMaxSnrDb = r.Number("noise_max_snr_db", new NumberRange(-20, 100)) ?? 30,
            TimeMasks = r.Int("time_masks", new NumberRange(0, 16)) ?? 0,
            TimeMaskFrames = r.Int("time_mask_frames", new NumberRange(1, 1000)) ?? 10,
            FreqMasks = r.Int("freq_masks", new NumberRange(0, 16)) ?? 0,
            FreqMaskBins = r.Int("freq_mask_bins", new NumberRange(1, 256)) ?? 8,
        };
        if (spec.NoiseMinSnrDb > spec.NoiseMaxSnrDb && r.Value("noise_max_snr_db") is { } max)
        {
            ctx.Error(SpecErrorCodes.AudioSettingsConflict, $"'{r.Join("noise_max_snr_db")}' is below noise_min_snr_db", max);
        }
        return spec;
    }
}
