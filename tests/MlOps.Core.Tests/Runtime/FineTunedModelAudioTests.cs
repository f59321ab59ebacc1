using MlOps.Audio;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Export;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
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
    private const float Tolerance = 1e-5f;

    private readonly TempRepository repo = new();

    public void Dispose() => repo.Dispose();

    [Fact]
    public void Clips_are_preprocessed_as_training_evaluated_them_and_score_as_the_run_did()
    {
        ToneClips.WriteFolder(repo.PathOf("data/train"), [("high", 2500), ("low", 300)], 6, 22050, 1);
        ToneClips.WriteFolder(repo.PathOf("data/val"), [("high", 2500), ("low", 300)], 3, 22050, 2);
        File.Copy(AudioFixtures.Path("flac16-lpc.flac"), repo.PathOf("data/val/low/word.flac"));
        var observer = new RecordingObserver();
        var outcome = FineTuneRun.Execute(new RunRequest
        {
            SpecPath = repo.WriteSpec("spec.yaml", """
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
                """),
            OutputDirectory = repo.PathOf("out/run"),
        }, observer, CancellationToken.None);
        Assert.True(outcome.ExitCode == ExitCodes.Passed, string.Join("\n", observer.Diagnostics.Select(d => d.ToString())));
        var result = RunResultFile.Read(outcome.ResultPath!);

        using var model = FineTunedModel.Load(result.Export!.Folder);
        // model.json says how a clip becomes log_mel (docs/onnx-export.md).
        var audio = model.Manifest.Preprocessing.Audio!;
        Assert.Equal((16000, 0.4, 24, "slaney", 51), (audio.SampleRate, audio.Seconds, audio.NMels, audio.MelScale, audio.Frames));

        // An audiofolder's rows: class folders in ordinal order, then clips; source_line is the row number.
        var files = Directory.GetDirectories(repo.PathOf("data/val")).Order(StringComparer.Ordinal)
            .SelectMany(d => Directory.GetFiles(d).Order(StringComparer.Ordinal)).ToList();
        var expected = ScoredRow.Validation(result.Outputs.Predictions!, model.Classes);
        Assert.Equal(7, expected.Count);
        var paths = expected.Select(e => files[e.SourceLine - 1]).ToList();
        // Probabilities short of 0 and 1, so that 1e-5 tells another resampling, crop or standardisation apart.
        Assert.All(expected, e => Assert.InRange(e.Probabilities.Max(), 0.5f, 0.999f));

        AssertSame(expected, model.PredictAudios(paths));
        AssertSame(expected, [.. paths.Select(model.PredictAudio)]);
        AssertSame(expected, [.. paths.Select(p => { using var stream = File.OpenRead(p); return model.PredictAudio(stream); })]);
        AssertSame(expected, [.. paths.Select(p => AudioDecoder.Decode(p)).Select(clip => model.PredictAudio(clip.Samples, clip.SampleRate))]);

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

    private static void AssertSame(IReadOnlyList<ScoredRow> expected, IReadOnlyList<Prediction> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].Predicted == actual[i].Label, $"row {i} (line {expected[i].SourceLine}): run {expected[i].Predicted}, runtime {actual[i].Label}");
            for (var c = 0; c < expected[i].Probabilities.Length; c++)
            {
                Assert.True(Math.Abs(expected[i].Probabilities[c] - actual[i].Probabilities[c]) <= Tolerance,
                    $"row {i} class {c}: run {expected[i].Probabilities[c]:R}, runtime {actual[i].Probabilities[c]:R}");
            }
        }
    }
}
