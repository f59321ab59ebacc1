using MlOps.Core.Tests.Data.Audio;

namespace MlOps.Reliability.Tests.Interrupts;

/// <summary>
/// An audiofolder with per-epoch augmentation (gain, shift, noise from a folder, SpecAugment), its
/// spectrograms made per batch on background threads: a real process killed with SIGKILL
/// mid-training, then resumed, ends with the same validation metrics as a run that was never
/// interrupted (each clip's augmentation is seeded by seed, epoch and row).
/// </summary>
public sealed class KilledAudioRunTests : IDisposable
{
    private readonly SampleRepo repo = new();
    private readonly KillableRun runs;

    public KilledAudioRunTests()
    {
        ToneClips.WriteFolder(Path.Combine(repo.Root, "data", "train"), [("low", 300), ("high", 2500)], 16, 16000, 1);
        ToneClips.WriteFolder(Path.Combine(repo.Root, "data", "val"), [("low", 300), ("high", 2500)], 4, 16000, 2);
        ToneClips.WriteWav(Path.Combine(repo.Root, "data", "noise", "hum.wav"), ToneClips.Tone(60, 16000, 0.7, 5, amplitude: 0.3), 16000);
        runs = new KillableRun(repo, KillableRun.WriteAugmentedFolderSpec(repo, "audio", "audio-cnn", "audiofolder", """
            audio:
              seconds: 0.5
              n_mels: 24
              n_fft: 256
              hop_length: 128
              augment: { copies: 1, gain_db: 6, shift_seconds: 0.05, noise: ../data/noise, time_masks: 1, freq_masks: 1, freq_mask_bins: 4 }
            """), TimeSpan.FromMinutes(3));
    }

    public void Dispose() => repo.Dispose();

    [Fact]
    public void Sigkill_then_resume_of_an_augmented_audio_run_gives_the_same_validation_metrics()
    {
        runs.AssertSigkillThenResumeEndsLikeAnUninterruptedRun();
    }
}
