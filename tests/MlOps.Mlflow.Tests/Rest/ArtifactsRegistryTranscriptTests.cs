using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.Rest;

/// <summary>
/// The calls added for issue 23 (artifact listing and download, experiment paging, registered model, model
/// version search, alias deletion) against what a real MLflow 3.6.1.dev0 server answered, sqlite and
/// file-store backends (Rest/Transcripts/mlflow-3.6-*-artifacts-registry.txt).
/// </summary>
public sealed class ArtifactsRegistryTranscriptTests
{
    private const string Sqlite = "mlflow-3.6-sqlite-artifacts-registry.txt";
    private const string FileStore = "mlflow-3.6-file-store-artifacts-registry.txt";

    public static TheoryData<string, string, string> Backends => new()
    {
        { Sqlite, "b7cab420396a4fe6b09e917eaed44397", "sq2" },
        { FileStore, "1c0c6e1e7f5347ddaae5c9a9a9c72b93", "fs" },
    };

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Artifacts_are_listed_as_mlflow_lists_them(string transcript, string runId, string _)
    {
        using var server = new TranscriptServer(transcript);
        using var rest = TestClients.Client(server.Uri);
        var client = new MlflowClient(rest);

        Assert.Equal(
            [new MlflowFileInfo("docs", true, null), new MlflowFileInfo("notes.txt", false, 16)],
            await client.ListArtifactsAsync(runId));
        // The empty file comes without file_size (proto3 leaves the zero out): its size is 0, not unknown.
        Assert.Equal(
            [new MlflowFileInfo("docs/deep", true, null), new MlflowFileInfo("docs/empty.txt", false, 0), new MlflowFileInfo("docs/readme.md", false, 7)],
            await client.ListArtifactsAsync(runId, "docs"));
        Assert.Empty(await client.ListArtifactsAsync(runId, "missing"));
        Assert.Empty(await client.ListArtifactsAsync(runId, "notes.txt"));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task A_run_folder_and_a_single_file_download_with_their_content(string transcript, string runId, string _)
    {
        using var server = new TranscriptServer(transcript);
        using var rest = TestClients.Client(server.Uri);
        var client = new MlflowClient(rest);
        var destination = TestClients.TempDirectory();

        var all = await client.DownloadArtifactsAsync(runId, null, Path.Combine(destination, "all"));
        var one = await client.DownloadArtifactsAsync(runId, "docs/readme.md", Path.Combine(destination, "one"));

        // The transcript format keeps a body's lines, not its final newline: the server sent "spaced ✓\n" etc.
        Assert.Equal(Path.Combine(destination, "all"), all);
        Assert.Equal(
            ["docs/deep/data 1.txt=spaced ✓", "docs/empty.txt=", "docs/readme.md=# docs", "notes.txt=hello from .NET"],
            Directory.EnumerateFiles(all, "*", SearchOption.AllDirectories)
                .Select(f => $"{Path.GetRelativePath(all, f).Replace('\\', '/')}={File.ReadAllText(f)}")
                .Order(StringComparer.Ordinal));
        Assert.Equal(Path.Combine(destination, "one", "docs", "readme.md"), one);
        Assert.Equal("# docs", File.ReadAllText(one));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task A_missing_artifact_fails_at_once_and_writes_nothing(string transcript, string runId, string _)
    {
        // Both backends answer 500 INTERNAL_ERROR "[Errno 2] No such file or directory": not an outage.
        using var server = new TranscriptServer(transcript);
        using var rest = TestClients.Client(server.Uri);
        var client = new MlflowClient(rest);
        var destination = TestClients.TempDirectory();

        var error = await Assert.ThrowsAsync<MlflowException>(() => client.DownloadArtifactsAsync(runId, "docs/nope.txt", destination));

        Assert.IsNotType<MlflowUnavailableException>(error);
        Assert.Equal("INTERNAL_ERROR", error.ErrorCode);
        Assert.Contains("No such file or directory", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests, r => r.EndsWith("/docs/nope.txt", StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFiles(destination, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task A_non_ascii_file_name_is_a_server_fault_retried_then_reported(string transcript, string runId, string _)
    {
        // The server's WSGI layer cannot encode the Content-Disposition header: a plain-text 500, on every try.
        using var server = new TranscriptServer(transcript);
        using var rest = TestClients.Client(server.Uri);
        var client = new MlflowClient(rest);

        Assert.Equal([new MlflowFileInfo("unicode/é.txt", false, 8)], await client.ListArtifactsAsync(runId, "unicode"));
        await Assert.ThrowsAsync<MlflowUnavailableException>(() => client.DownloadArtifactsAsync(runId, "unicode/é.txt", TestClients.TempDirectory()));
    }

    [Theory]
    [InlineData(Sqlite, new[] { "gaps-page-sq2-3", "gaps-page-sq2-2", "gaps-page-sq2-1", "gaps-artifacts-sq2", "gaps-artifacts-sq", "Default" })]
    [InlineData(FileStore, new[] { "gaps-page-fs-3", "gaps-page-fs-2", "gaps-page-fs-1", "gaps-artifacts-fs" })]
    public async Task Experiments_page_by_two_until_the_last(string transcript, string[] expected)
    {
        using var server = new TranscriptServer(transcript);
        using var rest = TestClients.Client(server.Uri);
        var client = new MlflowClient(rest);

        var first = await client.SearchExperimentsPageAsync(2);
        var names = new List<string>();
        await foreach (var experiment in client.SearchAllExperimentsAsync(2))
        {
            names.Add(experiment.Name);
        }

        Assert.Equal(expected[..2], first.Items.Select(e => e.Name));
        Assert.NotNull(first.NextPageToken);
        Assert.Equal(expected, names);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.SearchExperimentsPageAsync(0));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task The_registry_is_read_back_and_an_alias_deleted(string transcript, string runId, string tag)
    {
        using var server = new TranscriptServer(transcript);
        using var rest = TestClients.Client(server.Uri);
        var client = new MlflowClient(rest);
        var model = $"gaps-model-{tag}";

        var registered = await client.GetRegisteredModelAsync(model);
        var page1 = await client.SearchModelVersionsAsync($"name='{model}'", 2);
        var page2 = await client.SearchModelVersionsAsync($"name='{model}'", 2, page1.NextPageToken);
        var byRun = await client.SearchModelVersionsAsync($"run_id='{runId}'");
        await client.DeleteRegisteredModelAliasAsync(model, "challenger");
        var after = await client.GetRegisteredModelAsync(model);

        Assert.Equal(model, registered!.Name);
        Assert.Equal(new Dictionary<string, string> { ["challenger"] = "3", ["champion"] = "2" }, registered.Aliases);
        Assert.Equal(["3", "2"], page1.Items.Select(v => v.Version));
        Assert.NotNull(page1.NextPageToken);
        Assert.Equal(["1"], page2.Items.Select(v => v.Version));
        Assert.Null(page2.NextPageToken);
        Assert.All(page1.Items, v => Assert.Equal(runId, v.RunId));
        Assert.Equal(["3", "2", "1"], byRun.Items.Select(v => v.Version));
        // Only the file-store backend returns each version's aliases from a search; sqlite leaves them out.
        Assert.Equal(transcript == FileStore ? ["challenger"] : [], page1.Items[0].Aliases);
        Assert.Equal(new Dictionary<string, string> { ["champion"] = "2" }, after!.Aliases);
        Assert.Contains(server.Requests, r => r.StartsWith("GET /api/2.0/mlflow/model-versions/search?max_results=2&order_by=name%20ASC&order_by=version_number%20DESC&filter=", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Unknown_models_and_aliases_answer_as_mlflow_does(string transcript, string _, string tag)
    {
        using var server = new TranscriptServer(transcript);
        using var rest = TestClients.Client(server.Uri);
        var client = new MlflowClient(rest);
        var model = $"gaps-model-{tag}";

        // Recorded in this order: the alias deleted, deleted again (no error), then an unknown model.
        await client.DeleteRegisteredModelAliasAsync(model, "challenger");
        await client.DeleteRegisteredModelAliasAsync(model, "challenger");
        Assert.Null(await client.GetModelVersionByAliasAsync(model, "challenger"));
        var error = await Assert.ThrowsAsync<MlflowException>(() => client.DeleteRegisteredModelAliasAsync($"nope-{tag}", "champion"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", error.ErrorCode);
        Assert.Null(await client.GetRegisteredModelAsync($"nope-{tag}"));
        Assert.Empty((await client.SearchModelVersionsAsync($"name='nope-{tag}'")).Items);
    }
}
