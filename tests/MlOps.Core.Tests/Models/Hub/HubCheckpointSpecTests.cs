using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Hub;
using MlOps.Core.Pipeline;
using MlOps.Tests.Shared;
using MlOps.Specs.Fingerprint;
using MlOps.Specs.Hub;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Models.Hub;

/// <summary>base.checkpoint as hf:// id or Hugging Face folder, and base.model: auto, at spec load time.</summary>
[Collection(HubEnvironmentCollection.Name)]
public sealed class HubCheckpointSpecTests : IDisposable
{
    private readonly SpecSandbox sandbox = new();

    private static string Spec(string baseLines) => $"""
        name: hub-spec
        base:
        {baseLines}
        data:
          train: data/train.csv
          validation: data/val.csv
          label: label
        """;

    [Theory]
    [InlineData("hf:/x")]
    [InlineData("hf://a/b/c")]
    [InlineData("HF://Org/model")]
    public void A_malformed_hub_id_is_an_error_at_its_line_and_column(string written)
    {
        var result = sandbox.Load(Spec($"  checkpoint: {written}\n  model: mlp"));

        var error = DiagnosticAssert.Has(result, HubErrorCodes.InvalidId, 3, 15);
        Assert.Contains("hf://<org>/<model>[@<revision>]", error.Message, StringComparison.Ordinal);
        Assert.Null(result.Spec);
    }

    [Fact]
    public void A_hub_id_loads_without_the_network_with_model_auto_by_default()
    {
        var result = sandbox.Load(Spec("  checkpoint: hf://google-bert/bert-base-uncased@v1"));

        DiagnosticAssert.Clean(result);
        var spec = result.Spec!.Base;
        Assert.Equal(BaseModelSpec.AutoModel, spec.Model);
        Assert.Equal(new HubModelId("google-bert/bert-base-uncased", "v1"), spec.Hub);
        Assert.Equal("hf://google-bert/bert-base-uncased@v1", spec.Checkpoint);
        Assert.Equal(new SourceLocation(Path.Combine(sandbox.Root, "spec.yaml"), 3, 15), spec.CheckpointLocation);
    }

    [Fact]
    public void A_folder_checkpoint_needs_config_json()
    {
        sandbox.Write("models/bert/model.safetensors", "weights");

        var missing = sandbox.Load(Spec("  model: bert\n  checkpoint: models/bert"));
        var error = DiagnosticAssert.Has(missing, HubErrorCodes.FolderLayout, 4, 15);
        Assert.Contains("config.json", error.Message, StringComparison.Ordinal);

        sandbox.Write("models/bert/config.json", "{\"model_type\": \"bert\"}");
        var loaded = sandbox.Load(Spec("  checkpoint: models/bert"));
        DiagnosticAssert.Clean(loaded);
        Assert.Equal(Path.Combine(sandbox.Root, "models", "bert"), loaded.Spec!.Base.Checkpoint);
    }

    [Fact]
    public void Model_auto_without_a_checkpoint_is_an_error()
    {
        var result = sandbox.Load(Spec("  checkpoint: none"));

        var error = Assert.Single(result.Diagnostics, d => d.Code == HubErrorCodes.AutoWithoutCheckpoint);
        Assert.Equal(3, error.Location.Line);
    }

    [Fact]
    public void The_fingerprint_follows_the_cached_commit_and_file_digests_but_not_the_cache_path()
    {
        using var site = new HubSite();
        var spec = sandbox.Load(Spec("  model: mlp\n  checkpoint: hf://org/fp")).Spec!;
        string Fingerprint(string cache) => WithCache(cache, () => SpecFingerprint.Compute(spec, "cpu"));

        var notCached = Fingerprint(site.CacheRoot);
        var files = HubSite.Single();
        site.Hub.AddRepo("org/fp", files);
        var snapshot = site.Resolve("hf://org/fp");
        var cached = Fingerprint(site.CacheRoot);
        Assert.NotEqual(notCached, cached);
        // The resolved spec (checkpoint = the snapshot folder) fingerprints like the unresolved one, so --reuse and MSBuild agree.
        var resolved = spec with { Base = spec.Base with { Checkpoint = snapshot.Folder } };
        Assert.Equal(cached, WithCache(site.CacheRoot, () => SpecFingerprint.Compute(resolved, "cpu")));

        // Another machine's cache with the same files: same fingerprint.
        var elsewhere = Path.Combine(site.CacheRoot, "..", Path.GetFileName(site.CacheRoot) + "-copy");
        CopyTree(site.CacheRoot, elsewhere);
        Assert.Equal(cached, Fingerprint(elsewhere));
        Directory.Delete(elsewhere, recursive: true);
    }

    private static string WithCache(string cache, Func<string> action)
    {
        var before = Environment.GetEnvironmentVariable("HF_HUB_CACHE");
        Environment.SetEnvironmentVariable("HF_HUB_CACHE", cache);
        try
        {
            return action();
        }
        finally
        {
            Environment.SetEnvironmentVariable("HF_HUB_CACHE", before);
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            if (new FileInfo(file).LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else
            {
                File.Copy(file, target);
            }
        }
    }

    public void Dispose() => sandbox.Dispose();
}
