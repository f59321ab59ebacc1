using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Export;
using MlOps.Core.Tests.Data.Audio;
using MlOps.Core.Tests.Pipeline;
using MlOps.Core.Tests.Torch;
using MlOps.Runtime;

namespace MlOps.Core.Tests.Runtime;

/// <summary>
/// Audio clips through MlOps.Runtime: a real audiofolder run (22.05 kHz WAV and a FLAC, so resampled,
/// cropped to 0.4 s, augmented per epoch in training) with `export: { onnx: true }`, then
/// FineTunedModel on the validation files themselves, and on their decoded samples, against predictions.csv.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class FineTunedModelAudioTests : IDisposable
{
    private readonly TempRepository repo = new();

    public void Dispose() => repo.Dispose();

    [Fact]
    public void Clips_are_preprocessed_as_training_evaluated_them_and_score_as_the_run_did()
    {
        ToneClips.WriteFolder(repo.PathOf("data/train"), [("high", 2500), ("low", 300)], 6, 22050, 1);
        ToneClips.WriteFolder(repo.PathOf("data/val"), [("high", 2500), ("low", 300)], 3, 22050, 2);
        File.Copy(AudioFixtures.Path("flac16-lpc.flac"), repo.PathOf("data/val/low/word.flac"));
        var result = ExportedRun.Execute(repo, """
            name: tones
            seed: 4
            base: { model: audio-cnn, checkpoint: none }
            data:
              format: audiofolder
              train: data/train
              validation: data/val
              audio: { seconds: 0.4, n_mels: 24, n_fft: 256, hop_length: 128, mel_scale: slaney, augment: { gain_db: 6, time_masks: 1 } }
            training: { epochs: 1, batch_size: 4, optimizer: { type: adamw, lr: 0.001 }, threads: 1 }
            export: { onnx: true }
            """);

        using var model = FineTunedModel.Load(result.Export!.Folder);
        // model.json says how a clip becomes log_mel (docs/onnx-export.md).
        var audio = model.Manifest.Preprocessing.Audio!;
        Assert.Equal((16000, 0.4, 24, "slaney", 51), (audio.SampleRate, audio.Seconds, audio.NMels, audio.MelScale, audio.Frames));

        var (expected, paths) = ExportedRun.ValidationFiles(result, model, repo.PathOf("data/val"));
        Assert.Equal(7, expected.Count);
        // Probabilities short of 0 and 1, so that 1e-5 tells another resampling, crop or standardisation apart.
        Assert.All(expected, e => Assert.InRange(e.Probabilities.Max(), 0.5f, 0.999f));

        ExportedRun.AssertEveryAudioInputScoresAsTheRunDid(model, expected, paths);

        // Not a clip, a missing file, samples without a rate: MLOPS367 naming the input and why.
        File.WriteAllText(repo.PathOf("notes.wav"), "not a clip at all");
        var notClip = Assert.Throws<MlOpsException>(() => model.PredictAudio(repo.PathOf("notes.wav"))).Diagnostics[0];
        Assert.Equal((RuntimeErrorCodes.InputInvalid, repo.PathOf("notes.wav")), (notClip.Code, notClip.Location.File));
        Assert.Contains("neither with a WAV header", notClip.Message, StringComparison.Ordinal);
        Assert.Equal(RuntimeErrorCodes.InputInvalid, Assert.Throws<MlOpsException>(() => model.PredictAudio(repo.PathOf("missing.wav"))).Diagnostics[0].Code);
        Assert.Equal(RuntimeErrorCodes.InputInvalid, Assert.Throws<MlOpsException>(() => model.PredictAudio(new float[100], 0)).Diagnostics[0].Code);
        // Another input kind for an audio model: MLOPS366.
        Assert.Equal(RuntimeErrorCodes.ModelIncompatible, Assert.Throws<MlOpsException>(() => model.PredictText("low")).Diagnostics[0].Code);
    }
}
