using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Data.Audio;
using MlOps.Core.Tests.Torch;

namespace MlOps.Core.Tests.Pipeline;

/// <summary>
/// An audio-cnn whose spectrograms are made per batch and augmented per epoch (gain, shift, noise
/// from a folder, SpecAugment masks), each row seeded by (seed, epoch, row): twice the same run gives
/// the same metrics, and so does a run that crashed mid-epoch (only the per-epoch checkpoints
/// survive) and was resumed.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class AudioAugmentationRunTests : IDisposable
{
    private readonly TempRepository repo = new();

    public AudioAugmentationRunTests()
    {
        ToneClips.WriteFolder(repo.PathOf("data/train"), [("low", 300), ("high", 2500)], 8, 16000, 1);
        ToneClips.WriteFolder(repo.PathOf("data/val"), [("low", 300), ("high", 2500)], 3, 16000, 2);
        ToneClips.WriteWav(repo.PathOf("data/noise/hum.wav"), ToneClips.Tone(60, 16000, 0.7, 5, amplitude: 0.3), 16000);
    }

    public void Dispose() => repo.Dispose();

    private string Spec(string name) => repo.WriteSpec(name + ".yaml", $$"""
        name: {{name}}
        seed: 3
        base: { model: audio-cnn, checkpoint: none }
        data:
          format: audiofolder
          train: data/train
          validation: data/val
          audio:
            seconds: 0.5
            n_mels: 24
            n_fft: 256
            hop_length: 128
            augment: { copies: 1, gain_db: 6, shift_seconds: 0.05, noise: data/noise, time_masks: 1, time_mask_frames: 6, freq_masks: 1, freq_mask_bins: 4 }
        training: { epochs: 4, batch_size: 4, optimizer: { type: adamw, lr: 0.005 }, threads: 2 }
        gates:
          - { metric: accuracy, min: 0.8 }
        """);

    private RunOutcome Run(string spec, bool resume = false, RecordingObserver? observer = null) =>
        FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out/" + Path.GetFileNameWithoutExtension(spec)), Resume = resume },
            observer ?? new RecordingObserver(), CancellationToken.None);

    private static string Metrics(RunOutcome outcome)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(outcome.ResultPath!));
        return json.RootElement.GetProperty("metrics").GetRawText();
    }

    [Fact]
    public void An_augmented_audio_run_passes_its_gate_gives_identical_metrics_twice_and_resumes_a_crash_to_them()
    {
        var observer = new RecordingObserver();
        var first = Run(Spec("first"), observer: observer);
        Assert.True(first.ExitCode == ExitCodes.Passed, string.Join("\n", observer.Diagnostics.Select(d => d.Message)));
        Assert.Equal(32, first.Result!.Training.TrainRows);

        var crashing = new RecordingObserver { OnBatchHook = (epoch, batch) => { if (epoch == 3 && batch == 2) throw new InvalidOperationException("crash"); } };
        Assert.Throws<InvalidOperationException>(() => Run(Spec("crashed"), observer: crashing));
        Assert.False(File.Exists(repo.PathOf("out/crashed/result.json")));
        var resumed = Run(Spec("crashed"), resume: true);

        Assert.True(resumed.Result!.Training.Resumed);
        Assert.Equal(Metrics(first), Metrics(resumed));
    }
}
