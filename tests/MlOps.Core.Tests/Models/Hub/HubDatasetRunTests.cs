using MlOps.Contracts.Diagnostics;
using MlOps.Core.Data;
using MlOps.Core.Models.Hub;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Data;
using MlOps.Core.Tests.Pipeline;
using MlOps.Specs;
using MlOps.Specs.Fingerprint;
using MlOps.Specs.Hub;

namespace MlOps.Core.Tests.Models.Hub;

/// <summary>
/// `mlops run` with data from hf://datasets/… served on 127.0.0.1: the split's shards are fetched
/// into the cache and read as one table; the fingerprint follows the dataset's commit; offline, the
/// cache alone serves it; a missing split, dataset, revision or token is a clear error before training.
/// </summary>
[Collection(HubEnvironmentCollection.Name)]
public sealed class HubDatasetRunTests : IDisposable
{
    private const string Dataset = "tiny-org/tiny-table";
    private readonly TempRepository repo = new();
    private readonly HubSite site = new();
    private readonly Dictionary<string, string?> savedEnvironment = [];

    public HubDatasetRunTests()
    {
        SetEnvironment("HF_HUB_CACHE", site.CacheRoot);
        SetEnvironment("HF_ENDPOINT", site.Hub.Endpoint.AbsoluteUri);
        SetEnvironment("HF_HUB_OFFLINE", null);
        SetEnvironment("HF_TOKEN", null);
    }

    private void SetEnvironment(string name, string? value)
    {
        savedEnvironment.TryAdd(name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
    }

    private RunOutcome Run(string spec, RecordingObserver observer) =>
        FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out/" + Path.GetFileNameWithoutExtension(spec)) }, observer, CancellationToken.None);

    private byte[] Parquet(string name, int rows, int seed)
    {
        var csv = repo.PathOf(repo.WriteCsv(name + ".csv", rows, seed, ["p", "q", "r"]));
        return File.ReadAllBytes(ParquetTestFile.FromCsv(csv, repo.PathOf(Path.Combine("data", name + ".parquet"))));
    }

    /// <summary>The layout push_to_hub writes: two training shards, one validation shard, a README.</summary>
    private string Publish(int trainSeed) => site.Hub.AddRepo("datasets/" + Dataset, new Dictionary<string, byte[]>
    {
        ["README.md"] = "---\nconfigs: []\n---\n"u8.ToArray(),
        ["data/train-00000-of-00002.parquet"] = Parquet("t0", 50, trainSeed),
        ["data/train-00001-of-00002.parquet"] = Parquet("t1", 40, trainSeed + 1),
        ["data/validation-00000-of-00001.parquet"] = Parquet("v0", 30, 9),
    });

    private string WriteSpec(string name, string dataLines) => repo.WriteSpec(name, $$"""
        name: {{Path.GetFileNameWithoutExtension(name)}}
        seed: 5
        base: { model: mlp, checkpoint: none, hidden: [8] }
        data:
        {{dataLines}}
          label: label
          sensitive: [group]
        training: { epochs: 2, batch_size: 16, optimizer: { type: adamw, lr: 0.01 }, threads: 1 }
        """);

    [Fact]
    public void A_hub_dataset_trains_from_its_shards_its_commit_is_fingerprinted_and_a_new_revision_retrains()
    {
        var first = Publish(trainSeed: 1);
        var spec = WriteSpec("hub-data.yaml", $"  train: hf://datasets/{Dataset}\n  validation: hf://datasets/{Dataset}/validation");
        var observer = new RecordingObserver();

        var online = Run(spec, observer);

        Assert.True(online.ExitCode == ExitCodes.Passed, string.Join("\n", observer.Diagnostics));
        var result = online.Result!;
        var snapshot = Path.Combine(site.CacheRoot, "datasets--tiny-org--tiny-table", "snapshots", first);
        var train = Assert.Single(result.Datasets, d => d.Context == "training");
        Assert.Equal(Path.Combine(snapshot, "data", "train-*.parquet"), train.Path);
        Assert.Equal(90, train.Rows); // both shards, in order
        Assert.Equal(30, Assert.Single(result.Datasets, d => d.Context == "validation").Rows);
        Assert.Contains(observer.Messages, m => m.Contains($"is commit {first}: 2 Parquet file(s)", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(snapshot, "data", "train-00001-of-00002.parquet")));
        Assert.False(File.Exists(Path.Combine(snapshot, "README.md"))); // only the splits the spec names
        var loaded = SpecLoader.Load(spec).Spec!;
        Assert.Equal(result.Spec.Fingerprint, SpecFingerprint.Compute(loaded, "cpu")); // what MSBuild's up-to-date check computes, from the cache

        SetEnvironment("HF_HUB_OFFLINE", "1");
        var requests = site.Hub.Requests.Count;
        var offline = Run(spec, new RecordingObserver());
        Assert.Equal(ExitCodes.Passed, offline.ExitCode);
        Assert.Equal(requests, site.Hub.Requests.Count);
        Assert.Equal(result.Spec.Fingerprint, offline.Result!.Spec.Fingerprint);

        SetEnvironment("HF_HUB_OFFLINE", null);
        var second = Publish(trainSeed: 3);
        var retrained = Run(spec, observer);
        Assert.Equal(ExitCodes.Passed, retrained.ExitCode);
        Assert.NotEqual(first, second);
        Assert.NotEqual(result.Spec.Fingerprint, retrained.Result!.Spec.Fingerprint);
        Assert.Contains(observer.Messages, m => m.Contains($"is commit {second}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_split_the_dataset_lacks_fails_before_training_and_lists_the_splits_it_has()
    {
        Publish(trainSeed: 1);
        var spec = WriteSpec("no-test.yaml", $"  train: hf://datasets/{Dataset}\n  test: hf://datasets/{Dataset}/test");
        var observer = new RecordingObserver();

        var outcome = Run(spec, observer);

        Assert.Equal(ExitCodes.BadInput, outcome.ExitCode);
        var error = Assert.Single(observer.Diagnostics, d => d.IsError);
        Assert.Equal(DataErrorCodes.HubDatasetSplitMissing, error.Code);
        Assert.Equal((spec, 5), (error.Location.File, error.Location.Line)); // the data section
        Assert.Contains("split 'test'", error.Message, StringComparison.Ordinal);
        Assert.Contains("its splits are: train, validation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offline_without_the_dataset_cached_gated_unknown_and_bad_revisions_are_clear_errors()
    {
        site.Hub.AddRepo("datasets/gated/set", new Dictionary<string, byte[]> { ["data/train-00000-of-00001.parquet"] = Parquet("g", 20, 1) }, requiredToken: "hf_right");
        Publish(trainSeed: 1);
        HubException Fails(string location, bool offline = false, string? token = null) =>
            Assert.Throws<HubException>(() => new HubDatasetResolver(site.Options(token, offline)).Resolve(HubDatasetLocation.Parse(location)));

        var notCached = Fails($"hf://datasets/{Dataset}/train", offline: true);
        Assert.Equal(HubErrorCodes.NotCached, notCached.Code);
        Assert.Contains("HF_HUB_OFFLINE", notCached.Message, StringComparison.Ordinal);
        Assert.Empty(site.Hub.Requests);

        var gated = Fails("hf://datasets/gated/set");
        Assert.Equal(HubErrorCodes.AccessDenied, gated.Code);
        Assert.Contains("HF_TOKEN", gated.Message, StringComparison.Ordinal);
        Assert.Equal(HubErrorCodes.AccessDenied, Fails("hf://datasets/gated/set", token: "hf_wrong").Code);
        Assert.True(File.Exists(new HubDatasetResolver(site.Options("hf_right")).Resolve(HubDatasetLocation.Parse("hf://datasets/gated/set")).LocalPath));

        var unknown = Fails("hf://datasets/nobody/nothing");
        Assert.Contains("'nobody/nothing' was not found", unknown.Message, StringComparison.Ordinal);
        var revision = Fails($"hf://datasets/{Dataset}@v9/train");
        Assert.Equal(HubErrorCodes.NotFound, revision.Code);
        Assert.Contains("revision 'v9'", revision.Message, StringComparison.Ordinal);
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
