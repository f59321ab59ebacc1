using MlOps.Core.Models.Hub;
using MlOps.Specs.Hub;

namespace MlOps.Core.Tests.Models.Hub;

/// <summary>HF_HUB_OFFLINE: the cache alone, no request at all.</summary>
public sealed class HubOfflineTests : IDisposable
{
    private readonly HubSite site = new();

    [Fact]
    public void Offline_a_cached_model_resolves_with_zero_requests()
    {
        var commit = site.Hub.AddRepo("org/cached", HubSite.Single());
        var online = site.Resolve("hf://org/cached");
        var requests = site.Hub.Requests.Count;

        var offline = site.Resolve("hf://org/cached", offline: true);
        var byCommit = site.Resolve($"hf://org/cached@{commit}", offline: true);

        Assert.Equal(requests, site.Hub.Requests.Count);
        Assert.Equal(online.Folder, offline.Folder);
        Assert.Equal(online.Files, offline.Files);
        Assert.Equal(commit, byCommit.Commit);
    }

    [Fact]
    public void Offline_without_the_model_in_the_cache_fails_naming_the_cache_and_the_setting()
    {
        site.Hub.AddRepo("org/never", HubSite.Single());

        var error = Assert.Throws<HubException>(() => site.Resolve("hf://org/never", offline: true));

        Assert.Equal(HubErrorCodes.NotCached, error.Code);
        Assert.Contains(site.CacheRoot, error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("models--org--never", "refs", "main"), error.Message, StringComparison.Ordinal);
        Assert.Contains("HF_HUB_OFFLINE", error.Message, StringComparison.Ordinal);
        Assert.Empty(site.Hub.Requests);
    }

    [Fact]
    public void Offline_a_snapshot_that_lost_its_weights_is_not_taken_for_a_model()
    {
        site.Hub.AddRepo("org/half", HubSite.Single());
        var snapshot = site.Resolve("hf://org/half");
        File.Delete(Path.Combine(snapshot.Folder, "model.safetensors"));

        var error = Assert.Throws<HubException>(() => site.Resolve("hf://org/half", offline: true));

        Assert.Equal(HubErrorCodes.NotCached, error.Code);
        Assert.Contains("model.safetensors", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Online_with_the_hub_unreachable_a_complete_cached_snapshot_is_used_with_a_warning()
    {
        site.Hub.AddRepo("org/down", HubSite.Single());
        var cached = site.Resolve("hf://org/down");
        var o = site.Options();
        var unreachable = new HubOptions { CacheDirectory = o.CacheDirectory, Endpoint = new Uri("http://127.0.0.1:9"), MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(1) };
        var warnings = new List<string>();

        var snapshot = new HubSnapshotResolver(unreachable) { OnWarning = warnings.Add }.Resolve(HubModelId.Parse("hf://org/down"));

        Assert.Equal(cached.Folder, snapshot.Folder);
        Assert.Contains("using the cached snapshot", Assert.Single(warnings), StringComparison.Ordinal);
        Assert.Throws<HubException>(() => new HubSnapshotResolver(unreachable).Resolve(HubModelId.Parse("hf://org/other")));
    }

    [Fact]
    public void A_cache_written_by_python_without_symlinks_is_used_as_is()
    {
        // huggingface_hub on a machine without symlinks writes plain files into the snapshot.
        var files = HubSite.Single();
        var commit = site.Hub.AddRepo("org/python", files);
        var folder = Path.Combine(site.RepoFolder("org/python"), "snapshots", commit);
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(Path.Combine(site.RepoFolder("org/python"), "refs"));
        File.WriteAllText(Path.Combine(site.RepoFolder("org/python"), "refs", "main"), commit);
        foreach (var (name, content) in files)
        {
            File.WriteAllBytes(Path.Combine(folder, name), content);
        }

        var online = site.Resolve("hf://org/python");

        Assert.Equal(0, site.Hub.Gets);
        Assert.Equal(folder, online.Folder);
        Assert.Equal("sha256:" + FakeHub.Sha256(files["model.safetensors"]), site.Resolve("hf://org/python", offline: true).Files[1].Digest);
    }

    [Fact]
    public void Options_come_from_the_same_environment_variables_as_huggingface_hub()
    {
        var env = new Dictionary<string, string>
        {
            ["HF_HOME"] = "/tmp/hf-home",
            ["HF_TOKEN"] = "hf_abc",
            ["HF_HUB_OFFLINE"] = "1",
            ["HF_ENDPOINT"] = "http://127.0.0.1:9/",
        };
        var options = HubOptions.FromEnvironment(k => env.GetValueOrDefault(k));
        Assert.Equal(Path.GetFullPath("/tmp/hf-home/hub"), options.CacheDirectory);
        Assert.Equal("hf_abc", options.Token);
        Assert.True(options.Offline);
        Assert.Equal("127.0.0.1:9", options.Endpoint.Authority);
        Assert.DoesNotContain("hf_abc", options.ToString(), StringComparison.Ordinal);

        env["HF_HUB_CACHE"] = "/tmp/elsewhere";
        env.Remove("HF_HUB_OFFLINE");
        Assert.Equal(Path.GetFullPath("/tmp/elsewhere"), HubOptions.FromEnvironment(k => env.GetValueOrDefault(k)).CacheDirectory);
        Assert.False(HubOptions.FromEnvironment(k => env.GetValueOrDefault(k)).Offline);

        var defaults = HubOptions.FromEnvironment(_ => null);
        Assert.EndsWith(Path.Combine(".cache", "huggingface", "hub"), defaults.CacheDirectory, StringComparison.Ordinal);
        Assert.Equal(HubOptions.DefaultEndpoint, defaults.Endpoint);
    }

    public void Dispose() => site.Dispose();
}
