using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MlOps.Build.Tasks;
using MlOps.Build.Tests.Infrastructure;
using MlOps.Core.Models.Hub;
using MlOps.Specs;
using MlOps.Specs.Hub;
using MlOps.Specs.Model;

namespace MlOps.Build.Tests.Tasks;

/// <summary>
/// The in-process up-to-date check with base.checkpoint: hf://…: it reads the Hub cache only
/// (the endpoint is a closed port, so any request would fail) and follows the cached commit.
/// </summary>
public sealed class HubCheckpointFingerprintTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly string? savedCache = Environment.GetEnvironmentVariable("HF_HUB_CACHE");
    private readonly string? savedEndpoint = Environment.GetEnvironmentVariable("HF_ENDPOINT");

    public HubCheckpointFingerprintTests()
    {
        Environment.SetEnvironmentVariable("HF_HUB_CACHE", Path.Combine(temp.Path, "hub"));
        Environment.SetEnvironmentVariable("HF_ENDPOINT", "http://127.0.0.1:9");
    }

    private string Fingerprint()
    {
        var path = temp.File("hub.yaml", "name: hub\n");
        var spec = new FineTuneSpec
        {
            Name = "hub",
            SpecPath = path,
            Base = new BaseModelSpec { Model = "auto", Checkpoint = "hf://org/model@main", Hub = HubModelId.Parse("hf://org/model") },
            Data = new DataSpec { Train = temp.File("data/train.csv", "x,label\n1,a\n") },
        };
        var task = new ComputeFineTuneFingerprint
        {
            BuildEngine = new FakeBuildEngine(),
            Specs = [new TaskItem(path)],
            OutputPath = Path.Combine(temp.Path, "out"),
            Loader = (_, _) => new SpecLoadResult(spec, []),
        };
        Assert.True(task.Execute());
        return Assert.Single(task.PlannedSpecs).GetMetadata("Fingerprint");
    }

    private void Cache(string commit, string weights)
    {
        temp.File($"hub/models--org--model/refs/main", commit);
        temp.File($"hub/models--org--model/snapshots/{commit}/config.json", "{}");
        temp.File($"hub/models--org--model/snapshots/{commit}/model.safetensors", weights);
    }

    [Fact]
    public void The_fingerprint_follows_the_cached_commit_without_asking_the_hub()
    {
        var notCached = Fingerprint();
        Assert.Equal(notCached, Fingerprint());

        Cache(new string('a', 40), "weights v1");
        var v1 = Fingerprint();
        Cache(new string('b', 40), "weights v2");
        var v2 = Fingerprint();

        Assert.Equal(3, new[] { notCached, v1, v2 }.Distinct().Count());
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("HF_HUB_CACHE", savedCache);
        Environment.SetEnvironmentVariable("HF_ENDPOINT", savedEndpoint);
        temp.Dispose();
    }
}
