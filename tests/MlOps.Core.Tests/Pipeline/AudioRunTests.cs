using MlOps.Contracts.Diagnostics;
using MlOps.Core.Pipeline;
using MlOps.Core.Reporting;
using MlOps.Core.Tests.Data.Audio;
using MlOps.Core.Tests.Torch;

namespace MlOps.Core.Tests.Pipeline;

/// <summary>
/// The speech sample's path, in miniature: an audio-cnn pretrained on two tones of an audiofolder,
/// then fine-tuned from its checkpoint on two other tones listed in a manifest with a speaker column.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class AudioRunTests : IDisposable
{
    private readonly TempRepository repo = new();

    public AudioRunTests()
    {
        ToneClips.WriteFolder(repo.PathOf("data/pre-train"), [("low", 300), ("high", 2500)], 12, 16000, 1);
        ToneClips.WriteFolder(repo.PathOf("data/pre-val"), [("low", 300), ("high", 2500)], 4, 16000, 2);
        ToneClips.WriteFolder(repo.PathOf("data/fine"), [("mid", 800), ("top", 4000)], 12, 22050, 3);
        var rows = Enumerable.Range(0, 12).SelectMany(i => new[] { $"mid/{i:D3}.wav,mid,{(i % 2 == 0 ? "f" : "m")}", $"top/{i:D3}.wav,top,{(i % 2 == 0 ? "f" : "m")}" });
        File.WriteAllText(repo.PathOf("data/fine/clips.csv"), "path,tone,gender\n" + string.Join("\n", rows) + "\n");
    }

    public void Dispose() => repo.Dispose();

    [Fact]
    public void An_audio_cnn_pretrains_on_an_audiofolder_and_fine_tunes_on_a_manifest_with_a_spectrogram_per_class()
    {
        var pretrain = Run("pretrain", repo.WriteSpec("pretrain.yaml", """
            name: tones-pretrain
            seed: 1
            base: { model: audio-cnn, checkpoint: none }
            data:
              format: audiofolder
              train: data/pre-train
              validation: data/pre-val
              audio: { seconds: 0.5, n_mels: 24, n_fft: 256, hop_length: 128 }
            training: { epochs: 6, batch_size: 8, optimizer: { type: adamw, lr: 0.005 }, threads: 1 }
            gates:
              - { metric: accuracy, min: 0.9 }
            """));
        Assert.Equal(ExitCodes.Passed, pretrain.ExitCode);
        var plots = repo.PathOf("out/pretrain/plots");
        Assert.True(File.Exists(Path.Combine(plots, SpectrogramPlot.FileName)));
        Assert.True(File.Exists(Path.Combine(plots, "confusion_matrix.png")));
        Assert.Contains($"plots/{SpectrogramPlot.FileName}", File.ReadAllText(repo.PathOf("out/pretrain/report.md")), StringComparison.Ordinal);

        var observer = new RecordingObserver();
        var fine = Run("finetune", repo.WriteSpec("finetune.yaml", """
            name: tones-finetune
            seed: 2
            base: { model: audio-cnn, checkpoint: out/pretrain/model/model.safetensors, head: replace }
            data:
              format: audio
              train: data/fine/clips.csv
              label: tone
              split: { validation: 0.34 }
              sensitive: [gender]
              audio: { seconds: 0.5, n_mels: 24, n_fft: 256, hop_length: 128, augment: { copies: 1, gain_db: 3, time_masks: 1 } }
            training: { epochs: 6, batch_size: 8, optimizer: { type: adamw, lr: 0.003 }, freeze: ["backbone.conv1.*"], threads: 1 }
            gates:
              - { metric: accuracy, min: 0.9 }
            bias:
              - { attribute: gender, metric: equalized_odds_difference, favourable_label: top, max: 0.5, min_group_size: 2 }
            """), observer);

        Assert.True(fine.ExitCode == ExitCodes.Passed, string.Join("\n", observer.Diagnostics.Select(d => d.Message)));
        var result = fine.Result!;
        Assert.Equal(["mid", "top"], result.Classes);
        Assert.Equal("audio-cnn", result.Model.Architecture);
        Assert.True(result.Metrics["validation"]["accuracy"] >= 0.9);
        Assert.Contains(result.Fairness, f => f.Attribute == "gender");
    }

    private RunOutcome Run(string name, string spec, RecordingObserver? observer = null) =>
        FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf($"out/{name}") }, observer ?? new RecordingObserver(), CancellationToken.None);
}
