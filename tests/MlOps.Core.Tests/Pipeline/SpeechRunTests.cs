using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Speech;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Data.Audio;
using MlOps.Core.Tests.Models.Speech;
using MlOps.Core.Tests.Torch;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Pipeline;

/// <summary>
/// A wav2vec2 checkpoint fine-tuned through the normal run on raw waveforms: the tiny random
/// wav2vec2_base folder of Models/Speech/Reference (config.json, preprocessor_config.json,
/// model.safetensors under the Hub's names), base.model auto, generated WAV tones in an audiofolder.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class SpeechRunTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempRepository repo = NewRepository();

    private static TempRepository NewRepository()
    {
        var repo = new TempRepository();
        var checkpoint = repo.PathOf(CheckpointFolder);
        Directory.CreateDirectory(checkpoint);
        foreach (var file in Directory.GetFiles(Path.Combine(SpeechReferenceTests.Folder, "wav2vec2_base")))
        {
            File.Copy(file, Path.Combine(checkpoint, Path.GetFileName(file)));
        }
        ToneClips.WriteFolder(repo.PathOf("data/train"), [("low", 300), ("high", 2500)], 8, 16000, 1);
        ToneClips.WriteFolder(repo.PathOf("data/val"), [("low", 300), ("high", 2500)], 3, 16000, 2);
        return repo;
    }

    private const string CheckpointFolder = "models/tiny-wav2vec2";

    private string Checkpoint => repo.PathOf(CheckpointFolder);

    public void Dispose() => repo.Dispose();

    [Fact]
    public void Wav2vec2_fine_tunes_on_waveforms_with_its_feature_encoder_frozen_by_default()
    {
        var (outcome, diagnostics) = Run("frozen", "");

        Assert.True(outcome.ExitCode == ExitCodes.Passed, diagnostics);
        var result = outcome.Result!;
        Assert.Equal("wav2vec2", result.Model.Architecture);
        Assert.Contains(result.Model.Frozen, n => n.StartsWith("backbone.feature_extractor.", StringComparison.Ordinal));
        Assert.All(result.Datasets, d => Assert.Equal(4000, d.Columns)); // 0.25 s of raw samples at 16 kHz, not log-mel cells
        var history = result.Training.History;
        Assert.True(history[^1].TrainLoss < history[0].TrainLoss * 0.75, $"training loss {history[0].TrainLoss:G3} → {history[^1].TrainLoss:G3}");
        Assert.Equal(0, FeatureEncoderChange("frozen"));
        // The config's mask_time_prob 0.05 masked spans in training: only masked frames feed masked_spec_embed's gradient.
        Assert.True(MaskEmbedChange("frozen") > 0, "masked_spec_embed did not train: no SpecAugment spans were masked");

        // The saved model fine-tunes again: its metadata names wav2vec2 and its encoder the waveform input.
        var (again, againDiagnostics) = Run("again", "", checkpoint: "out/frozen/model/model.safetensors", head: "keep", epochs: 1);
        Assert.True(again.ExitCode == ExitCodes.Passed, againDiagnostics);
        Assert.Equal("wav2vec2", again.Result!.Model.Architecture);
        Assert.True(again.Result.Metrics["validation"]["accuracy"] >= result.Metrics["validation"]["accuracy"] - 0.2);
    }

    [Fact]
    public void Freeze_feature_encoder_false_trains_the_conv_stack_and_lora_takes_pefts_default_targets()
    {
        var (unfrozen, diagnostics) = Run("unfrozen", "", freezeFeatureEncoder: false);
        Assert.True(unfrozen.ExitCode == ExitCodes.Passed, diagnostics);
        Assert.DoesNotContain(unfrozen.Result!.Model.Frozen, n => n.StartsWith("backbone.feature_extractor.", StringComparison.Ordinal));
        Assert.True(FeatureEncoderChange("unfrozen") > 0);

        var (lora, loraDiagnostics) = Run("lora", """
            adapter: { type: lora, r: 4, alpha: 8, targets: ["*.q_proj", "*.v_proj"] }
            """);
        Assert.True(lora.ExitCode == ExitCodes.Passed, loraDiagnostics);
        var history = lora.Result!.Training.History;
        Assert.True(history[^1].TrainLoss < history[0].TrainLoss, $"training loss {history[0].TrainLoss:G3} → {history[^1].TrainLoss:G3}");
        Assert.True(lora.Result.Model.TrainableShare < 0.5);
    }

    private (RunOutcome Outcome, string Diagnostics) Run(string name, string extra, bool? freezeFeatureEncoder = null,
        string checkpoint = CheckpointFolder, string head = "replace", int epochs = 6)
    {
        var freeze = freezeFeatureEncoder is { } f ? $", freeze_feature_encoder: {(f ? "true" : "false")}" : "";
        var spec = repo.WriteSpec($"{name}.yaml", $$"""
            name: speech-{{name}}
            seed: 3
            base: { checkpoint: {{checkpoint}}, head: {{head}}{{freeze}} }
            data:
              format: audiofolder
              train: data/train
              validation: data/val
              audio: { seconds: 0.25 }
            training: { epochs: {{epochs}}, batch_size: 8, optimizer: { type: adamw, lr: 0.01 }, threads: 1 }
            {{extra}}
            """);
        var observer = new RecordingObserver();
        var outcome = FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf($"out/{name}") }, observer, CancellationToken.None);
        if (outcome.Result is { } result)
        {
            output.WriteLine($"{name}: train loss {string.Join(" → ", result.Training.History.Select(h => h.TrainLoss.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}, validation accuracy {result.Metrics["validation"]["accuracy"]:F2}, trainable {result.Model.TrainableParameters}/{result.Model.Parameters}");
        }
        return (outcome, string.Join("\n", observer.Diagnostics.Select(d => $"{d.Code} {d.Message}")));
    }

    /// <summary>The largest change of a conv feature encoder value between the checkpoint and the saved model.</summary>
    private double MaskEmbedChange(string name)
    {
        var (before, _) = CheckpointFile.ReadStateDict(Path.Combine(Checkpoint, "model.safetensors"));
        var (after, _) = CheckpointFile.ReadStateDict(repo.PathOf($"out/{name}/model/model.safetensors"));
        try
        {
            using var difference = (after["backbone.masked_spec_embed"] - before["wav2vec2.masked_spec_embed"]).abs().max();
            return difference.item<float>();
        }
        finally
        {
            StateDict.Dispose(before);
            StateDict.Dispose(after);
        }
    }

    private double FeatureEncoderChange(string name)
    {
        var config = SpeechConfig.Read(Path.Combine(Checkpoint, "config.json"), SourceLocation.None("config.json"));
        var (before, _) = CheckpointFile.ReadStateDict(Path.Combine(Checkpoint, "model.safetensors"));
        var (after, _) = CheckpointFile.ReadStateDict(repo.PathOf($"out/{name}/model/model.safetensors"));
        try
        {
            var compared = 0;
            var worst = 0.0;
            foreach (var (hubName, original) in before.Where(p => p.Key.Contains(".feature_extractor.", StringComparison.Ordinal)))
            {
                using var difference = (after[SpeechNames.ToOurs(config, hubName)] - original).abs().max();
                worst = Math.Max(worst, difference.item<float>());
                compared++;
            }
            Assert.True(compared >= 4, $"only {compared} feature encoder tensors compared");
            return worst;
        }
        finally
        {
            StateDict.Dispose(before);
            StateDict.Dispose(after);
        }
    }
}
