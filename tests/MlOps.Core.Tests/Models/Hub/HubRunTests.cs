using System.Text;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Models.Hub;
using MlOps.Core.Pipeline;
using MlOps.Core.Reporting;
using MlOps.Core.Tests.Pipeline;
using MlOps.Specs;
using MlOps.Specs.Fingerprint;
using MlOps.Specs.Hub;

namespace MlOps.Core.Tests.Models.Hub;

/// <summary>
/// `mlops run` with base.checkpoint: hf://… served from 127.0.0.1: resolved into the cache,
/// fingerprinted, handed to the model stage as a folder, recorded in result.json and MLflow;
/// then the same spec offline, from the cache alone.
/// </summary>
[Collection(HubEnvironmentCollection.Name)]
public sealed class HubRunTests : IDisposable
{
    private readonly TempRepository repo = new();
    private readonly HubSite site = new();
    private readonly Dictionary<string, string?> savedEnvironment = [];
    private string pretrainedModel = "";

    private RunOutcome Run(string spec, RecordingObserver observer) =>
        FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out/" + Path.GetFileNameWithoutExtension(spec)) }, observer, CancellationToken.None);

    private void SetEnvironment(string name, string? value)
    {
        savedEnvironment.TryAdd(name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
    }

    /// <summary>An MlOps mlp trained here, published on the fake Hub in the Hugging Face layout.</summary>
    private string PublishPretrainedModel()
    {
        var pretrain = Run(repo.WriteSpec("pretrain.yaml", $$"""
            name: hub-pretrain
            seed: 5
            base: { model: mlp, checkpoint: none, hidden: [16] }
            data:
              train: {{repo.WriteCsv("pretrain.csv", 240, 1, ["p", "q", "r"])}}
              label: label
              split: { validation: 0.25 }
            training: { epochs: 3, batch_size: 32, optimizer: { type: adamw, lr: 0.01 }, threads: 1 }
            """), new RecordingObserver());
        Assert.Equal(ExitCodes.Passed, pretrain.ExitCode);
        pretrainedModel = pretrain.Result!.Outputs.Model;
        return site.Hub.AddRepo("tiny-org/tiny-mlp", new Dictionary<string, byte[]>
        {
            ["config.json"] = Encoding.UTF8.GetBytes("{\"model_type\": \"mlp\"}"),
            ["model.safetensors"] = File.ReadAllBytes(pretrain.Result!.Outputs.Model),
        });
    }

    [Fact]
    public void A_hub_checkpoint_is_downloaded_fingerprinted_trained_from_and_tracked_then_reused_offline()
    {
        var commit = PublishPretrainedModel();
        SetEnvironment("HF_HUB_CACHE", site.CacheRoot);
        SetEnvironment("HF_ENDPOINT", site.Hub.Endpoint.AbsoluteUri);
        SetEnvironment("HF_HUB_OFFLINE", null);
        SetEnvironment("HF_TOKEN", null);
        var spec = repo.WriteSpec("finetune.yaml", $$"""
            name: hub-finetune
            seed: 5
            base:
              checkpoint: hf://tiny-org/tiny-mlp
              hidden: [16]
            data:
              train: {{repo.WriteCsv("ft-train.csv", 60, 2, ["u", "v"])}}
              validation: {{repo.WriteCsv("ft-val.csv", 40, 3, ["u", "v"])}}
              label: label
            training: { epochs: 2, batch_size: 16, optimizer: { type: adamw, lr: 0.001 }, threads: 1 }
            """);

        var observer = new RecordingObserver();
        var online = Run(spec, observer);

        Assert.True(online.ExitCode == ExitCodes.Passed, string.Join("\n", observer.Diagnostics));
        var result = RunResultFile.Read(online.ResultPath!);
        var snapshot = Path.Combine(site.CacheRoot, "models--tiny-org--tiny-mlp", "snapshots", commit);
        Assert.Equal("mlp", result.Model.Architecture); // model: auto, from the checkpoint's metadata
        Assert.Equal(snapshot, result.Model.BaseCheckpoint);
        var source = result.Model.BaseSource!;
        Assert.Equal((CheckpointSourceKind.Hub, "tiny-org/tiny-mlp", "main", commit), (source.Kind, source.HubId, source.Revision, source.Commit));
        Assert.Equal(Path.GetFullPath(site.CacheRoot), source.CacheDirectory);
        Assert.Contains(source.Files, f => f.Name == "model.safetensors" && f.Digest == "sha256:" + FakeHub.Sha256(File.ReadAllBytes(Path.Combine(snapshot, "model.safetensors"))));
        Assert.True(File.Exists(Path.Combine(result.Outputs.Directory, BaseCheckpointSource.FileName)));
        Assert.Contains(observer.Messages, m => m.Contains($"is commit {commit}", StringComparison.Ordinal));
        var runFolder = repo.PathOf(Path.Combine("mlruns", result.Tracking!.ExperimentId, result.Tracking.RunId));
        Assert.Equal(commit, File.ReadAllText(Path.Combine(runFolder, "params", "base.commit")).Trim());
        Assert.Equal("hf://tiny-org/tiny-mlp@main", File.ReadAllText(Path.Combine(runFolder, "params", "base.checkpoint")).Trim());
        Assert.Equal(commit, File.ReadAllText(Path.Combine(runFolder, "tags", "mlops.base.commit")).Trim());

        SetEnvironment("HF_HUB_OFFLINE", "1");
        var requests = site.Hub.Requests.Count;
        var offline = Run(spec, new RecordingObserver());

        Assert.Equal(ExitCodes.Passed, offline.ExitCode);
        Assert.Equal(requests, site.Hub.Requests.Count);
        Assert.Equal(result.Spec.Fingerprint, offline.Result!.Spec.Fingerprint);
    }

    [Fact]
    public void A_hugging_face_folder_checkpoint_trains_and_its_files_are_fingerprinted()
    {
        PublishPretrainedModel();
        var folder = repo.PathOf(Path.Combine("models", "tiny"));
        Directory.CreateDirectory(folder);
        File.Copy(pretrainedModel, Path.Combine(folder, "model.safetensors"));
        File.WriteAllText(Path.Combine(folder, "config.json"), "{\"model_type\": \"mlp\"}");
        var spec = repo.WriteSpec("folder.yaml", $$"""
            name: folder-finetune
            seed: 5
            base: { checkpoint: models/tiny, hidden: [16] }
            data:
              train: {{repo.WriteCsv("f-train.csv", 60, 2, ["u", "v"])}}
              validation: {{repo.WriteCsv("f-val.csv", 40, 3, ["u", "v"])}}
              label: label
            training: { epochs: 1, batch_size: 16, optimizer: { type: adamw, lr: 0.001 }, threads: 1 }
            """);
        var loaded = MlOps.Specs.SpecLoader.Load(spec).Spec!;
        var before = SpecFingerprint.Compute(loaded, "cpu");

        var observer = new RecordingObserver();
        var outcome = Run(spec, observer);

        Assert.True(outcome.ExitCode == ExitCodes.Passed, string.Join("\n", observer.Diagnostics));
        var source = outcome.Result!.Model.BaseSource!;
        Assert.Equal(CheckpointSourceKind.Folder, source.Kind);
        Assert.Equal(["config.json", "model.safetensors"], source.Files.Select(f => f.Name));
        Assert.Equal(before, outcome.Result.Spec.Fingerprint);
        File.WriteAllText(Path.Combine(folder, "config.json"), "{\"model_type\": \"mlp\", \"note\": 1}");
        Assert.NotEqual(before, SpecFingerprint.Compute(loaded, "cpu"));
    }

    [Fact]
    public void Offline_without_the_model_cached_the_run_fails_at_base_checkpoint()
    {
        SetEnvironment("HF_HUB_CACHE", site.CacheRoot);
        SetEnvironment("HF_HUB_OFFLINE", "1");
        var spec = repo.WriteSpec("offline.yaml", $$"""
            name: hub-offline
            base:
              model: mlp
              checkpoint: hf://tiny-org/not-here@v2
            data:
              train: {{repo.WriteCsv("t.csv", 40, 2, ["u", "v"])}}
              label: label
              split: { validation: 0.25 }
            """);
        var observer = new RecordingObserver();

        var outcome = Run(spec, observer);

        Assert.Equal(ExitCodes.BadInput, outcome.ExitCode);
        var error = Assert.Single(observer.Diagnostics, d => d.IsError);
        Assert.Equal(HubErrorCodes.NotCached, error.Code);
        Assert.Equal((4, 15), (error.Location.Line, error.Location.Column));
        Assert.Contains("HF_HUB_OFFLINE", error.Message, StringComparison.Ordinal);
        Assert.Empty(site.Hub.Requests);
    }

    public void Dispose()
    {
        foreach (var (name, value) in savedEnvironment)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
        site.Dispose();
        repo.Dispose();
    }
}
