using MlOps.Mlflow.Hosted;
using MlOps.Mlflow.Rest;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.Hosted;

/// <summary>
/// Reading a Databricks run's artifacts (what --reuse and champion downloads need): artifacts/list page by
/// page with run-relative paths, credentials-for-read and a GET of the signed URL without the workspace token.
/// </summary>
public sealed class DatabricksArtifactReadTests : IDisposable
{
    private readonly string home = TestClients.TempDirectory();
    private readonly DatabricksStandIn standIn = new();
    private readonly MlflowRunInfo run = new("r1", "1", "run", MlflowRunStatus.Finished, 0, null, "dbfs:/databricks/mlflow-tracking/1/r1/artifacts", "active");

    private MlflowRestClient Client()
    {
        string? Env(string name) => name switch
        {
            "DATABRICKS_HOST" => standIn.Uri.AbsoluteUri,
            "DATABRICKS_TOKEN" => DatabricksStandIn.Pat,
            "MLFLOW_HTTP_REQUEST_MAX_RETRIES" => "0",
            _ => null,
        };
        return new MlflowRestClient(DatabricksWorkspace.Resolve("databricks", Env, home).ToRestOptions(Env));
    }

    [Fact]
    public async Task A_runs_artifacts_are_listed_across_pages_and_read_through_signed_urls()
    {
        using var client = Client();
        foreach (var (path, text) in new[] { ("result.json", "{\"ok\": true}"), ("model/MLmodel", "flavors: {}\n"), ("model/a.txt", "a"), ("model/b.txt", ""), ("model/c/d.bin", "d") })
        {
            var file = Path.Combine(home, Guid.NewGuid().ToString("N"));
            File.WriteAllText(file, text);
            await client.UploadArtifactAsync(run, file, path);
        }

        var root = await client.ListArtifactsAsync(run, null);
        var model = await client.ListArtifactsAsync(run, "model");
        var single = await client.ListArtifactsAsync(run, "result.json");
        var local = Path.Combine(home, "out", "result.json");
        await client.DownloadArtifactAsync(run, "result.json", local);

        Assert.Equal([new MlflowFileInfo("model", true, null), new MlflowFileInfo("result.json", false, 12)], root);
        Assert.Equal(["model/MLmodel", "model/a.txt", "model/b.txt", "model/c"], model.Select(f => f.Path));
        Assert.Empty(single);
        Assert.Equal("{\"ok\": true}", File.ReadAllText(local));
        Assert.Contains("GET /storage/result.json []", standIn.Requests);
        // Root one page, model/ two (page size 2), the file one.
        Assert.Equal(4, standIn.Requests.Count(r => r == "GET /api/2.0/mlflow/artifacts/list [Bearer]"));
    }

    [Fact]
    public async Task A_whole_run_downloads_as_reuse_asks_for_it()
    {
        using var rest = Client();
        foreach (var (path, text) in new[] { ("result.json", "{}"), ("model/MLmodel", "flavors: {}\n"), ("model/weights/model.safetensors", "w"), ("model/a.txt", ""), ("reports/card.md", "# card") })
        {
            var file = Path.Combine(home, Guid.NewGuid().ToString("N"));
            File.WriteAllText(file, text);
            await rest.UploadArtifactAsync(run, file, path);
        }
        using var client = new MlflowClient(rest);
        var output = Path.Combine(home, "reused");

        await client.DownloadArtifactsAsync(run.RunId, null, output);

        Assert.Equal(
            ["model/MLmodel", "model/a.txt", "model/weights/model.safetensors", "reports/card.md", "result.json"],
            Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(output, f).Replace('\\', '/')).Order(StringComparer.Ordinal));
        Assert.Equal("w", File.ReadAllText(Path.Combine(output, "model", "weights", "model.safetensors")));
        Assert.All(standIn.Requests.Where(r => r.StartsWith("GET /storage/", StringComparison.Ordinal)), r => Assert.EndsWith("[]", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_file_fails_without_leaving_a_partial_file_or_showing_the_signature()
    {
        using var client = Client();
        var local = Path.Combine(home, "out", "missing.bin");

        var error = await Assert.ThrowsAsync<MlflowException>(() => client.DownloadArtifactAsync(run, "missing.bin", local));

        Assert.False(File.Exists(local));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(local)!));
        Assert.DoesNotContain("standin-read", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(DatabricksStandIn.Pat, error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => standIn.Dispose();
}
