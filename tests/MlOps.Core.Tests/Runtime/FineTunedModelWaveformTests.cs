using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Export;
using MlOps.Core.Tests.Data.Audio;
using MlOps.Core.Tests.Models.Speech;
using MlOps.Core.Tests.Pipeline;
using MlOps.Core.Tests.Torch;
using MlOps.Runtime;

namespace MlOps.Core.Tests.Runtime;

/// <summary>
/// A wav2vec2 model through MlOps.Runtime: the tiny random wav2vec2_base checkpoint fine-tuned on
/// 22.05 kHz WAV tones (so resampled, cropped to 0.25 s) and one short clip (so zero-padded, which the
/// graph must read as padding) with `export: { onnx: true }` and the parity gate, then FineTunedModel on
/// the validation files, their bytes and their decoded samples, against the run's predictions.csv.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class FineTunedModelWaveformTests : IDisposable
{
    private readonly TempRepository repo = new();

    public void Dispose() => repo.Dispose();

    [Fact]
    public void Waveform_clips_are_preprocessed_as_training_evaluated_them_and_score_as_the_run_did()
    {
        var checkpoint = repo.PathOf("models/tiny-wav2vec2");
        Directory.CreateDirectory(checkpoint);
        foreach (var file in Directory.GetFiles(Path.Combine(SpeechReferenceTests.Folder, "wav2vec2_base")))
        {
            File.Copy(file, Path.Combine(checkpoint, Path.GetFileName(file)));
        }
        ToneClips.WriteFolder(repo.PathOf("data/train"), [("high", 2500), ("low", 300)], 4, 22050, 1);
        ToneClips.WriteFolder(repo.PathOf("data/val"), [("high", 2500), ("low", 300)], 2, 22050, 2);
        ToneClips.WriteWav(repo.PathOf("data/val/low/short.wav"), ToneClips.Tone(320, 22050, 0.1, 9), 22050);
        var result = ExportedRun.Execute(repo, """
            name: speech-tones
            seed: 3
            base: { checkpoint: models/tiny-wav2vec2, head: replace }
            data:
              format: audiofolder
              train: data/train
              validation: data/val
              audio: { seconds: 0.25 }
            training: { epochs: 2, batch_size: 4, optimizer: { type: adamw, lr: 0.01 }, threads: 1 }
            export: { onnx: true }
            gates:
              - { export: onnx, max_abs_diff: 1.0e-4 }
            """);
        Assert.InRange(result.Export!.Parity!.MaxAbsLogitDiff, 0, 1e-4);

        using var model = FineTunedModel.Load(result.Export.Folder);
        // model.json says how a clip becomes the waveform input (docs/onnx-export.md).
        Assert.Equal(PreprocessingKinds.AudioWaveform, model.Manifest.Preprocessing.Kind);
        Assert.Equal(new WaveformPreprocessing(16000, 0.25, 4000, true), model.Manifest.Preprocessing.Waveform);

        var (expected, paths) = ExportedRun.ValidationFiles(result, model, repo.PathOf("data/val"));
        Assert.Equal(5, expected.Count);
        Assert.Contains(paths, p => p.EndsWith("short.wav", StringComparison.Ordinal));
        // Probabilities short of 0 and 1, so that 1e-5 tells another resampling, crop, normalisation or padding apart.
        Assert.All(expected, e => Assert.InRange(e.Probabilities.Max(), 0.5f, 0.99999f));

        ExportedRun.AssertEveryAudioInputScoresAsTheRunDid(model, expected, paths);

        Assert.Equal(RuntimeErrorCodes.InputInvalid, Assert.Throws<MlOpsException>(() => model.PredictAudio(new float[100], 0)).Diagnostics[0].Code);
        Assert.Equal(RuntimeErrorCodes.ModelIncompatible, Assert.Throws<MlOpsException>(() => model.PredictText("low")).Diagnostics[0].Code);
    }
}
