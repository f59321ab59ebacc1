using MlOps.Core.Models.Hub;
using MlOps.Specs.Hub;

namespace MlOps.Core.Tests.Models.Hub;

/// <summary>Downloads from a Hub on 127.0.0.1 into the huggingface_hub cache layout.</summary>
public sealed class HubDownloadTests : IDisposable
{
    private readonly HubSite site = new();

    [Fact]
    public void A_download_fills_the_cache_in_the_hub_layout_and_a_second_resolve_makes_no_get()
    {
        var files = HubSite.Single();
        var commit = site.Hub.AddRepo("tiny-org/tiny-bert", files);

        var snapshot = site.Resolve("hf://tiny-org/tiny-bert");

        var repo = site.RepoFolder("tiny-org/tiny-bert");
        Assert.Equal(commit, File.ReadAllText(Path.Combine(repo, "refs", "main")));
        Assert.Equal(Path.Combine(repo, "snapshots", commit), snapshot.Folder);
        Assert.Equal(commit, snapshot.Commit);
        foreach (var (name, content) in files)
        {
            var lfs = name.EndsWith(".safetensors", StringComparison.Ordinal);
            var linked = new FileInfo(Path.Combine(snapshot.Folder, name));
            Assert.Equal(Path.Combine("..", "..", "blobs", Path.GetFileName(site.Blob("tiny-org/tiny-bert", content, lfs))), linked.LinkTarget);
            Assert.Equal(content, File.ReadAllBytes(linked.FullName));
        }
        Assert.Equal(["config.json", "model.safetensors", "vocab.txt"], snapshot.Files.Select(f => f.Name));
        Assert.Equal("sha256:" + FakeHub.Sha256(files["model.safetensors"]), snapshot.Files[1].Digest);
        Assert.Equal("git-sha1:" + FakeHub.GitSha1(files["config.json"]), snapshot.Files[0].Digest);
        Assert.Contains(site.Progress, p => p.File == "model.safetensors" && p.Bytes == p.TotalBytes && p.TotalBytes == 200_000);
        Assert.Empty(Directory.GetFiles(Path.Combine(repo, "blobs"), "*.incomplete"));
        var getsAfterFirst = site.Hub.Gets;
        Assert.Equal(3, getsAfterFirst); // config.json, the weights (CDN), vocab.txt

        var again = site.Resolve("hf://tiny-org/tiny-bert");

        Assert.Equal(getsAfterFirst, site.Hub.Gets);
        Assert.Equal(snapshot.Files, again.Files);
    }

    [Fact]
    public async Task Two_runs_fetching_the_same_model_at_once_download_each_file_once()
    {
        var files = HubSite.Single();
        site.Hub.AddRepo("org/twice", files);

        var snapshots = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => site.Resolve("hf://org/twice"))));

        Assert.Equal(snapshots[0].Files, snapshots[1].Files);
        Assert.Equal(files["model.safetensors"], File.ReadAllBytes(Path.Combine(snapshots[0].Folder, "model.safetensors")));
        Assert.Equal(1, site.Hub.Requests.Count(r => r.StartsWith("GET cdn/", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_sharded_checkpoint_brings_the_index_and_every_shard_it_names()
    {
        var files = HubSite.Sharded();
        site.Hub.AddRepo("sharded", files);

        var snapshot = site.Resolve("hf://sharded");

        Assert.Equal(["config.json", "model.safetensors.index.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors", "tokenizer.json"],
            snapshot.Files.Select(f => f.Name));
        Assert.Equal(files["model-00002-of-00002.safetensors"], File.ReadAllBytes(Path.Combine(snapshot.Folder, "model-00002-of-00002.safetensors")));
        Assert.Empty(HubLayout.Missing(snapshot.Folder));
        // model.safetensors was asked for first (404), as were the tokenizer files the repository lacks.
        Assert.Contains(site.Hub.Requests, r => r.StartsWith("HEAD sharded/resolve/", StringComparison.Ordinal) && r.EndsWith("/model.safetensors", StringComparison.Ordinal));
    }

    [Fact]
    public void A_connection_dropped_mid_file_resumes_with_a_range_request()
    {
        var files = HubSite.Single();
        site.Hub.AddRepo("org/cut", files);
        site.Hub.CutOnce("model.safetensors");

        var snapshot = site.Resolve("hf://org/cut");

        Assert.Equal(files["model.safetensors"], File.ReadAllBytes(Path.Combine(snapshot.Folder, "model.safetensors")));
        var cdnGets = site.Hub.Requests.Where(r => r.StartsWith("GET cdn/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, cdnGets.Count);
        Assert.DoesNotContain("bytes=", cdnGets[0], StringComparison.Ordinal);
        Assert.EndsWith(" bytes=100000-", cdnGets[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_partial_file_left_by_an_earlier_run_is_resumed_not_restarted()
    {
        var files = HubSite.Single();
        site.Hub.AddRepo("org/left", files);
        var blob = site.Blob("org/left", files["model.safetensors"], lfs: true);
        Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
        File.WriteAllBytes(blob + ".incomplete", files["model.safetensors"][..123_456]);

        var snapshot = site.Resolve("hf://org/left");

        Assert.Equal(files["model.safetensors"], File.ReadAllBytes(Path.Combine(snapshot.Folder, "model.safetensors")));
        Assert.Contains(site.Hub.Requests, r => r.StartsWith("GET cdn/", StringComparison.Ordinal) && r.EndsWith(" bytes=123456-", StringComparison.Ordinal));
        Assert.False(File.Exists(blob + ".incomplete"));
    }

    [Fact]
    public void A_corrupted_shard_is_detected_named_and_kept_out_of_the_cache()
    {
        var files = HubSite.Sharded();
        site.Hub.AddRepo("org/damaged", files);
        site.Hub.Corrupt("model-00002-of-00002.safetensors");

        var error = Assert.Throws<HubException>(() => site.Resolve("hf://org/damaged"));

        Assert.Equal(HubErrorCodes.IntegrityFailed, error.Code);
        Assert.Contains("model-00002-of-00002.safetensors", error.Message, StringComparison.Ordinal);
        Assert.Contains("sha256:" + FakeHub.Sha256(files["model-00002-of-00002.safetensors"]), error.Message, StringComparison.Ordinal);
        var blob = site.Blob("org/damaged", files["model-00002-of-00002.safetensors"], lfs: true);
        Assert.False(File.Exists(blob));
        Assert.False(File.Exists(blob + ".incomplete"));
        var snapshots = Path.Combine(site.RepoFolder("org/damaged"), "snapshots");
        Assert.Empty(Directory.GetFiles(snapshots, "model-00002-of-00002.safetensors", SearchOption.AllDirectories));
        // The good shard is kept: the next run only fetches what is missing.
        Assert.True(File.Exists(site.Blob("org/damaged", files["model-00001-of-00002.safetensors"], lfs: true)));
        Assert.False(File.Exists(Path.Combine(site.RepoFolder("org/damaged"), "refs", "main")));
    }

    [Fact]
    public void A_gated_model_sends_the_token_as_bearer_and_never_shows_it()
    {
        const string Token = "hf_SeCrEtToKeN1234567890";
        site.Hub.AddRepo("gated/model", HubSite.Single(), requiredToken: Token);

        var denied = Assert.Throws<HubException>(() => site.Resolve("hf://gated/model"));
        Assert.Equal(HubErrorCodes.AccessDenied, denied.Code);
        Assert.Contains("HF_TOKEN", denied.Message, StringComparison.Ordinal);
        Assert.Contains("licence", denied.Message, StringComparison.Ordinal);

        var wrong = Assert.Throws<HubException>(() => site.Resolve("hf://gated/model", token: "hf_wrong"));
        Assert.Equal(HubErrorCodes.AccessDenied, wrong.Code);
        Assert.DoesNotContain("hf_wrong", wrong.ToString(), StringComparison.Ordinal);

        var snapshot = site.Resolve("hf://gated/model", token: Token);
        Assert.Equal(3, snapshot.Files.Count);
        Assert.Contains("Bearer " + Token, site.Hub.Authorizations);
        // The CDN it redirects to never gets the token.
        var pairs = site.Hub.Requests.Zip(site.Hub.Authorizations);
        Assert.All(pairs.Where(p => p.First.StartsWith("GET cdn/", StringComparison.Ordinal)), p => Assert.Null(p.Second));
        Assert.DoesNotContain(Token, site.Options(Token).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hf://org/absent", "repository 'org/absent' was not found")]
    [InlineData("hf://org/there@v9", "revision 'v9' does not exist")]
    public void A_missing_repository_or_revision_is_a_clear_not_found(string id, string expected)
    {
        site.Hub.AddRepo("org/there", HubSite.Single());

        var error = Assert.Throws<HubException>(() => site.Resolve(id));

        Assert.Equal(HubErrorCodes.NotFound, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hub_that_does_not_answer_fails_after_the_retries_and_names_the_endpoint()
    {
        var options = site.Options() is var o ? new HubOptions
        {
            CacheDirectory = o.CacheDirectory,
            Endpoint = new Uri($"http://127.0.0.1:{FreePort()}"),
            RetryDelay = TimeSpan.FromMilliseconds(1),
            MaxRetries = 2,
        } : null!;

        var error = Assert.Throws<HubException>(() => new HubSnapshotResolver(options).Resolve(HubModelId.Parse("hf://org/m")));

        Assert.Equal(HubErrorCodes.Unreachable, error.Code);
        Assert.Contains("after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Contains(options.Endpoint.Authority, error.Message, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose() => site.Dispose();
}
