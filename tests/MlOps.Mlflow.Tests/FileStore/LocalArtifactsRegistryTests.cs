using MlOps.Mlflow.FileStore;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.FileStore;

/// <summary>
/// The calls added for issue 23 against the local store, expecting what the real 3.6 server answered for the
/// same scenario (Rest/Transcripts/mlflow-3.6-*-artifacts-registry.txt, see ArtifactsRegistryTranscriptTests).
/// </summary>
public sealed class LocalArtifactsRegistryTests
{
    private readonly MlflowClient client = new(new MlflowFileStore(Path.Combine(TestClients.TempDirectory(), "mlruns")));

    private async Task<MlflowRunInfo> RunWithArtifactsAsync()
    {
        var source = TestClients.TempDirectory();
        Directory.CreateDirectory(Path.Combine(source, "deep"));
        File.WriteAllText(Path.Combine(source, "notes.txt"), "hello from .NET\n");
        File.WriteAllText(Path.Combine(source, "readme.md"), "# docs\n");
        File.WriteAllText(Path.Combine(source, "deep", "data 1.txt"), "spaced ✓\n");
        File.WriteAllText(Path.Combine(source, "empty.txt"), "");
        var run = await client.CreateRunAsync(await client.CreateExperimentAsync("gaps-artifacts"), "artifacts");
        await client.LogArtifactAsync(run.RunId, Path.Combine(source, "notes.txt"));
        await client.LogArtifactAsync(run.RunId, Path.Combine(source, "readme.md"), "docs");
        await client.LogArtifactAsync(run.RunId, Path.Combine(source, "deep", "data 1.txt"), "docs/deep");
        await client.LogArtifactAsync(run.RunId, Path.Combine(source, "empty.txt"), "docs");
        return run;
    }

    [Fact]
    public async Task Artifacts_are_listed_as_the_server_lists_them()
    {
        var run = await RunWithArtifactsAsync();

        Assert.Equal([new MlflowFileInfo("docs", true, null), new MlflowFileInfo("notes.txt", false, 16)], await client.ListArtifactsAsync(run.RunId));
        Assert.Equal(
            [new MlflowFileInfo("docs/deep", true, null), new MlflowFileInfo("docs/empty.txt", false, 0), new MlflowFileInfo("docs/readme.md", false, 7)],
            await client.ListArtifactsAsync(run.RunId, "docs"));
        Assert.Empty(await client.ListArtifactsAsync(run.RunId, "missing"));
        Assert.Empty(await client.ListArtifactsAsync(run.RunId, "notes.txt"));
    }

    [Fact]
    public async Task A_run_folder_and_a_single_file_download_with_their_content()
    {
        var run = await RunWithArtifactsAsync();
        var destination = TestClients.TempDirectory();

        var all = await client.DownloadArtifactsAsync(run.RunId, null, Path.Combine(destination, "all"));
        var one = await client.DownloadArtifactsAsync(run.RunId, "docs/readme.md", Path.Combine(destination, "one"));
        var folder = await client.DownloadArtifactsAsync(run.RunId, "docs/deep", Path.Combine(destination, "folder"));

        Assert.Equal(
            ["docs/deep/data 1.txt=spaced ✓\n", "docs/empty.txt=", "docs/readme.md=# docs\n", "notes.txt=hello from .NET\n"],
            Directory.EnumerateFiles(all, "*", SearchOption.AllDirectories)
                .Select(f => $"{Path.GetRelativePath(all, f).Replace('\\', '/')}={File.ReadAllText(f)}")
                .Order(StringComparer.Ordinal));
        Assert.Equal("# docs\n", File.ReadAllText(one));
        Assert.Equal(Path.Combine(destination, "folder", "docs", "deep"), folder);
        Assert.Equal(["data 1.txt"], Directory.EnumerateFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_missing_artifact_fails_and_a_path_that_could_escape_is_refused()
    {
        var run = await RunWithArtifactsAsync();
        var destination = TestClients.TempDirectory();

        await Assert.ThrowsAsync<MlflowException>(() => client.DownloadArtifactsAsync(run.RunId, "docs/nope.txt", destination));
        await Assert.ThrowsAsync<ArgumentException>(() => client.DownloadArtifactsAsync(run.RunId, "../../0/meta.yaml", destination));
        await Assert.ThrowsAsync<ArgumentException>(() => client.ListArtifactsAsync(run.RunId, "docs/../.."));
        await Assert.ThrowsAsync<ArgumentException>(() => client.Store.DownloadArtifactAsync(run, "/etc/passwd", Path.Combine(destination, "x")));
        Assert.Empty(Directory.EnumerateFiles(destination, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Experiments_page_newest_first_until_the_last()
    {
        for (var i = 1; i <= 3; i++)
        {
            await Task.Delay(5);
            await client.CreateExperimentAsync($"gaps-page-{i}");
        }

        var first = await client.SearchExperimentsPageAsync(2);
        var names = new List<string>();
        await foreach (var experiment in client.SearchAllExperimentsAsync(2))
        {
            names.Add(experiment.Name);
        }

        Assert.Equal(["gaps-page-3", "gaps-page-2"], first.Items.Select(e => e.Name));
        Assert.NotNull(first.NextPageToken);
        Assert.Equal(["gaps-page-3", "gaps-page-2", "gaps-page-1", "Default"], names);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.SearchExperimentsPageAsync(0));
    }

    [Fact]
    public async Task The_registry_is_read_back_and_an_alias_deleted_as_the_file_store_server_does()
    {
        var run = await RunWithArtifactsAsync();
        const string model = "gaps-model";
        await client.CreateRegisteredModelAsync(model);
        for (var i = 0; i < 3; i++)
        {
            await client.CreateModelVersionAsync(model, $"{run.ArtifactUri}/model", run.RunId);
        }
        await client.SetRegisteredModelAliasAsync(model, "champion", "2");
        await client.SetRegisteredModelAliasAsync(model, "challenger", "3");

        var registered = await client.GetRegisteredModelAsync(model);
        var page1 = await client.SearchModelVersionsAsync($"name='{model}'", 2);
        var page2 = await client.SearchModelVersionsAsync($"name = '{model}'", 2, page1.NextPageToken);
        var byRun = await client.SearchModelVersionsAsync($"run_id='{run.RunId}'");
        await client.DeleteRegisteredModelAliasAsync(model, "challenger");
        await client.DeleteRegisteredModelAliasAsync(model, "challenger");
        var after = await client.GetRegisteredModelAsync(model);

        Assert.Equal(new Dictionary<string, string> { ["challenger"] = "3", ["champion"] = "2" }, registered!.Aliases);
        Assert.Equal(["3", "2"], page1.Items.Select(v => v.Version));
        Assert.Equal(["challenger"], page1.Items[0].Aliases);
        Assert.Equal(["1"], page2.Items.Select(v => v.Version));
        Assert.Null(page2.NextPageToken);
        Assert.Equal(["3", "2", "1"], byRun.Items.Select(v => v.Version));
        Assert.Equal(new Dictionary<string, string> { ["champion"] = "2" }, after!.Aliases);
        Assert.Null(await client.GetModelVersionByAliasAsync(model, "challenger"));
        Assert.Null(await client.GetRegisteredModelAsync("nope"));
        Assert.Empty((await client.SearchModelVersionsAsync("name='nope'")).Items);
        var error = await Assert.ThrowsAsync<MlflowException>(() => client.DeleteRegisteredModelAliasAsync("nope", "champion"));
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", error.ErrorCode);
        await Assert.ThrowsAsync<NotSupportedException>(() => client.SearchModelVersionsAsync("tags.x = 'y'"));
    }
}
