using System.Text.Json;
using MlOps.Core.Tests.Data.Audio;
using MlOps.Reliability.Tests.Infrastructure;

namespace MlOps.Reliability.Tests.Interrupts;

/// <summary>
/// An audiofolder with per-epoch augmentation (gain, shift, noise from a folder, SpecAugment), its
/// spectrograms made per batch on background threads: a real process killed with SIGKILL
/// mid-training, then resumed, ends with the same validation metrics as a run that was never
/// interrupted (each clip's augmentation is seeded by seed, epoch and row).
/// </summary>
public sealed class KilledAudioRunTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private readonly SampleRepo repo = new();
    private readonly string spec;

    public KilledAudioRunTests()
    {
        ToneClips.WriteFolder(Path.Combine(repo.Root, "data", "train"), [("low", 300), ("high", 2500)], 24, 16000, 1);
        ToneClips.WriteFolder(Path.Combine(repo.Root, "data", "val"), [("low", 300), ("high", 2500)], 6, 16000, 2);
        ToneClips.WriteWav(Path.Combine(repo.Root, "data", "noise", "hum.wav"), ToneClips.Tone(60, 16000, 0.7, 5, amplitude: 0.3), 16000);
        spec = repo.Write("specs/audio.yaml", """
            name: audio
            seed: 7
            base: { model: audio-cnn, checkpoint: none }
            data:
              format: audiofolder
              train: ../data/train
              validation: ../data/val
              audio:
                seconds: 0.5
                n_mels: 24
                n_fft: 256
                hop_length: 128
                augment: { copies: 1, gain_db: 6, shift_seconds: 0.05, noise: ../data/noise, time_masks: 1, freq_masks: 1, freq_mask_bins: 4 }
            training: { epochs: 5, batch_size: 2, optimizer: { lr: 0.005 }, threads: 2 }
            gates:
              - { metric: accuracy, min: 0.1 }
            tracking: { experiment: reliability }
            """);
    }

    public void Dispose() => repo.Dispose();

    private string Output(string name) => Path.Combine(repo.Root, name);

    private static string ValidationMetrics(string output)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "result.json")));
        return json.RootElement.GetProperty("metrics").GetProperty("validation").GetRawText();
    }

    [Fact]
    public void Sigkill_then_resume_of_an_augmented_audio_run_gives_the_same_validation_metrics()
    {
        var (exit, log) = MlopsProcess.RunToEnd(repo.Root, Limit, "run", spec, "--output", Output("whole"));
        Assert.True(exit == 0, log);

        using (var killed = new MlopsProcess(repo.Root, "run", spec, "--output", Output("killed")))
        {
            Assert.True(killed.WaitUntil(() => KilledRunTests.CheckpointExists(Output("killed")), Limit), "no checkpoint after the first epoch:\n" + killed.Output);
            Thread.Sleep(300);
            killed.Signal("KILL");
            Assert.Equal(137, killed.WaitForExit(Limit));
        }
        Assert.False(File.Exists(Path.Combine(Output("killed"), "result.json")));

        var (resumed, resumeLog) = MlopsProcess.RunToEnd(repo.Root, Limit, "run", spec, "--output", Output("killed"), "--resume");

        Assert.True(resumed == 0, resumeLog);
        Assert.Contains("resuming at epoch", resumeLog, StringComparison.Ordinal);
        Assert.Equal(ValidationMetrics(Output("whole")), ValidationMetrics(Output("killed")));
    }
}
