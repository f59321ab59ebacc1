using MlOps.Contracts.Diagnostics;
using MlOps.Specs;
using MlOps.Specs.Model;
using MlOps.Tests.Shared;

namespace MlOps.Specs.Tests;

/// <summary>format: audiofolder / audio and data.audio in a spec.</summary>
public sealed class AudioSpecTests : IDisposable
{
    private readonly SpecSandbox sandbox = new();

    public AudioSpecTests()
    {
        sandbox.Write("clips/train/yes/a.wav", "RIFF");
        sandbox.Write("clips/train/no/b.wav", "RIFF");
        sandbox.Write("clips/manifest.csv", "path,label,gender\ntrain/yes/a.wav,yes,f\n");
        sandbox.Write("noise/hum.wav", "RIFF");
    }

    public void Dispose() => sandbox.Dispose();

    private SpecLoadResult Load(string format, string train, string lines = "") => sandbox.Load($"""
        name: a
        base: {"{"} model: audio-cnn, checkpoint: none {"}"}
        data:
          format: {format}
          train: {train}
        {lines}
        """);

    [Fact]
    public void An_audiofolder_takes_a_folder_and_gets_default_audio_settings()
    {
        var result = Load("audiofolder", "clips/train");

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics.Select(d => d.Message)));
        var data = result.Spec!.Data;
        Assert.Equal(DataFormat.AudioFolder, data.Format);
        Assert.Equal(Path.Combine(sandbox.Root, "clips", "train"), data.Train);
        Assert.Equal((16000, 1.0, 40, 400, 160, MelScale.Htk), (data.Audio!.SampleRate, data.Audio.Seconds, data.Audio.NMels, data.Audio.NFft, data.Audio.HopLength, data.Audio.MelScale));
    }

    [Fact]
    public void A_manifest_binds_its_audio_settings_augmentation_and_sensitive_columns()
    {
        var result = Load("audio", "clips/manifest.csv", """
              sensitive: [gender]
              audio:
                sample_rate: 8000
                seconds: 0.75
                n_mels: 32
                n_fft: 256
                hop_length: 80
                mel_scale: slaney
                path_column: path
                augment: { copies: 2, gain_db: 6, noise: noise, time_masks: 2 }
            """);

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics.Select(d => d.Message)));
        var audio = result.Spec!.Data.Audio!;
        Assert.Equal((8000, 0.75, 32, 256, 80, MelScale.Slaney, 4000.0), (audio.SampleRate, audio.Seconds, audio.NMels, audio.NFft, audio.HopLength, audio.MelScale, audio.UpperFrequency));
        Assert.Equal((2, 6.0, Path.Combine(sandbox.Root, "noise"), 2), (audio.Augment!.Copies, audio.Augment.GainDb, audio.Augment.Noise, audio.Augment.TimeMasks));
        Assert.Equal("gender", Assert.Single(result.Spec.Data.Sensitive).Name);
    }

    [Theory]
    [InlineData("audiofolder", "clips/manifest.csv", "", "MLOPS020", 5)]
    [InlineData("audiofolder", "clips/train", "  label: word", "MLOPS018", 6)]
    [InlineData("audiofolder", "clips/train", "  sensitive: [gender]", "MLOPS018", 6)]
    [InlineData("audio", "clips/manifest.csv", "  text: path", "MLOPS018", 6)]
    [InlineData("csv", "clips/manifest.csv", "  audio: { n_mels: 20 }", "MLOPS018", 6)]
    [InlineData("audio", "clips/manifest.csv", "  audio: { sample_rate: 8000, f_max: 6000 }", "MLOPS070", 6)]
    [InlineData("audio", "clips/manifest.csv", "  audio: { n_fft: 256, hop_length: 512 }", "MLOPS070", 6)]
    [InlineData("audio", "clips/manifest.csv", "  audio: { seconds: 0.05, sample_rate: 1000, n_fft: 400 }", "MLOPS070", 6)]
    [InlineData("audio", "clips/manifest.csv", "  audio: { mel_scale: bark }", "MLOPS016", 6)]
    [InlineData("audiofolder", "clips/train", "  audio: { path_column: file }", "MLOPS018", 6)]
    [InlineData("audio", "clips/manifest.csv", "  audio: { augment: { noise: nowhere } }", "MLOPS020", 6)]
    public void Bad_audio_settings_are_errors_at_their_line(string format, string train, string lines, string code, int line)
    {
        var errors = Load(format, train, lines).Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        Assert.True(errors.Count == 1, string.Join("\n", errors.Select(e => $"{e.Code} {e.Location.Line}: {e.Message}")));
        Assert.Equal((code, line), (errors[0].Code, errors[0].Location.Line));
    }
}
