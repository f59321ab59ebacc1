using MlOps.Mlflow.FileStore;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.Client;

/// <summary>Every call of the façade, against the transcript-based server and against the file store.</summary>
public sealed class MlflowClientTests : IDisposable
{
    private readonly FakeMlflowServer server = new();

    public void Dispose() => server.Dispose();

    public static TheoryData<string> Stores => new() { "rest", "file" };

    private MlflowClient Client(string kind) => kind == "rest"
        ? new MlflowClient(TestClients.Client(server))
        : new MlflowClient(new MlflowFileStore(Path.Combine(TestClients.TempDirectory(), "mlruns")));

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Every_tracking_call_round_trips(string kind)
    {
        var client = Client(kind);
        var experimentId = await client.CreateExperimentAsync("facade");
        Assert.Equal(experimentId, await client.CreateExperimentAsync("facade"));
        Assert.Equal(experimentId, (await client.GetExperimentByNameAsync("facade"))!.ExperimentId);
        Assert.Contains(await client.SearchExperimentsAsync(), e => e.Name == "facade");

        var run = await client.CreateRunAsync(experimentId, "r1", new Dictionary<string, string> { ["team"] = "blue" });
        await client.LogMetricAsync(run.RunId, "loss", 0.5, step: 1);
        await client.LogMetricAsync(run.RunId, "loss", 0.25, step: 2);
        await client.LogParamAsync(run.RunId, "lr", "0.01");
        await client.SetTagAsync(run.RunId, "stage", "dev");
        await client.LogBatchAsync(run.RunId, parameters: [new MlflowParam("epochs", "3")]);
        await client.LogInputsAsync(run.RunId, [new MlflowDatasetInput(new MlflowDataset("train", "d1", "local", "file:///train.csv"), "training")]);
        var file = Path.Combine(TestClients.TempDirectory(), "notes.txt");
        await File.WriteAllTextAsync(file, "hello");
        await client.LogArtifactAsync(run.RunId, file, "docs");
        await client.SetTerminatedAsync(run.RunId);

        var read = await client.GetRunAsync(run.RunId);
        Assert.Equal(MlflowRunStatus.Finished, read.Info.Status);
        Assert.Equal(("0.01", "3", "dev", "blue"), (read.Params["lr"], read.Params["epochs"], read.Tags["stage"], read.Tags["team"]));
        Assert.Equal([0.5, 0.25], (await client.GetMetricHistoryAsync(run.RunId, "loss")).Select(m => m.Value));
        Assert.Single((await client.SearchRunsAsync([experimentId], "tags.`team` = 'blue'")).Items);
        Assert.True(kind == "rest"
            ? server.State.Artifacts.ContainsKey($"{experimentId}/{run.RunId}/artifacts/docs/notes.txt")
            : File.Exists(Path.Combine(((MlflowFileStore)client.Store).ArtifactDirectory(run.RunId), "docs", "notes.txt")));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_model_is_registered_and_its_alias_moves(string kind)
    {
        var client = Client(kind);
        var run = await client.CreateRunAsync(await client.CreateExperimentAsync("reg"));
        await client.CreateRegisteredModelAsync("m");
        await client.CreateRegisteredModelAsync("m");

        var v1 = await client.CreateModelVersionAsync("m", run.ArtifactUri + "/model", run.RunId);
        var v2 = await client.CreateModelVersionAsync("m", run.ArtifactUri + "/model", run.RunId);
        await client.SetRegisteredModelAliasAsync("m", "champion", v1.Version);
        await client.SetRegisteredModelAliasAsync("m", "champion", v2.Version);

        Assert.Equal(("1", "2"), (v1.Version, v2.Version));
        Assert.Equal("2", (await client.GetModelVersionByAliasAsync("m", "champion"))!.Version);
        Assert.Null(await client.GetModelVersionByAliasAsync("m", "missing"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Search_pages_with_mlflows_tokens_until_the_last_page(string kind)
    {
        var client = Client(kind);
        var experimentId = await client.CreateExperimentAsync("paged");
        for (var i = 0; i < 5; i++)
        {
            await client.Store.CreateRunAsync(experimentId, $"r{i}", 1795938478000 + i, []);
        }

        var first = await client.SearchRunsAsync([experimentId], maxResults: 2);
        var second = await client.SearchRunsAsync([experimentId], maxResults: 2, pageToken: first.NextPageToken);
        var all = await client.SearchAllRunsAsync([experimentId], pageSize: 2).ToListAsync();

        Assert.Equal(["r4", "r3"], first.Items.Select(r => r.Info.RunName));
        Assert.Equal("eyJvZmZzZXQiOiAyfQ==", first.NextPageToken);
        Assert.Equal(["r2", "r1"], second.Items.Select(r => r.Info.RunName));
        Assert.Equal(["r4", "r3", "r2", "r1", "r0"], all.Select(r => r.Info.RunName));
    }

    [Theory]
    [InlineData(true, false, MlflowRunStatus.Finished)]
    [InlineData(false, false, MlflowRunStatus.Failed)]
    [InlineData(false, true, MlflowRunStatus.Killed)]
    public async Task A_run_scope_ends_finished_failed_or_killed(bool complete, bool cancel, MlflowRunStatus expected)
    {
        var client = Client("rest");
        using var cancellation = new CancellationTokenSource();
        string runId;
        await using (var run = await client.StartRunAsync("scoped", "r", cancellationToken: cancellation.Token))
        {
            runId = run.RunId;
            await run.LogMetricAsync("loss", 1.0);
            if (cancel)
            {
                await cancellation.CancelAsync();
            }
            if (complete)
            {
                run.Complete();
            }
        }

        var read = await client.GetRunAsync(runId);
        Assert.Equal(expected, read.Info.Status);
        Assert.NotNull(read.Info.EndTime);
    }

    [Fact]
    public async Task Every_call_of_a_run_scope_reaches_the_server()
    {
        var client = Client("rest");
        var file = Path.Combine(TestClients.TempDirectory(), "model.bin");
        await File.WriteAllTextAsync(file, "w");
        string runId;
        await using (var run = await client.StartRunAsync("scope-calls", "r", new Dictionary<string, string> { ["team"] = "blue" }))
        {
            runId = run.RunId;
            await run.LogParamAsync("lr", "0.1");
            await run.SetTagAsync("stage", "dev");
            await run.LogBatchAsync(metrics: [new MlflowMetric("acc", 0.9, 1795938478000, 3)]);
            await run.LogArtifactAsync(file, "model");
            await run.EndAsync(MlflowRunStatus.Killed);
            Assert.Equal(MlflowRunStatus.Killed, run.EndStatus);
        }

        var read = await client.GetRunAsync(runId);
        Assert.Equal(MlflowRunStatus.Killed, read.Info.Status);
        Assert.Equal(("0.1", "dev", "blue", 0.9), (read.Params["lr"], read.Tags["stage"], read.Tags["team"], read.Metrics.Single().Value));
        Assert.Contains(server.State.Artifacts.Keys, k => k.EndsWith($"{runId}/artifacts/model/model.bin", StringComparison.Ordinal));
        Assert.Single(server.Requests, r => r.EndsWith("runs/update", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_with_a_folder_writes_a_file_store_there()
    {
        var folder = Path.Combine(TestClients.TempDirectory(), "store");
        using var client = MlflowClient.Create(folder, _ => "http://ignored:1");

        await client.CreateExperimentAsync("local");

        Assert.IsType<MlflowFileStore>(client.Store);
        Assert.True(File.Exists(Path.Combine(folder, "0", "meta.yaml")));
    }

    [Fact]
    public async Task Create_uses_MLFLOW_TRACKING_URI_and_a_server_uri_means_rest()
    {
        using var client = MlflowClient.Create(environment: name => name == "MLFLOW_TRACKING_URI" ? server.Uri.AbsoluteUri : null);

        await client.CreateExperimentAsync("from-env");

        Assert.StartsWith("http://127.0.0.1", client.TrackingUri, StringComparison.Ordinal);
        Assert.Contains(server.Requests, r => r.EndsWith("experiments/create", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_any_uri_the_client_writes_the_local_mlruns_store()
    {
        Assert.Equal("mlruns", MlflowTrackingUri.Resolve(null, _ => null));
        Assert.Equal("/abs/store", MlflowTrackingUri.LocalPath("file:///abs/store"));
        Assert.Throws<ArgumentException>(() => MlflowTrackingUri.LocalPath("databricks://profile"));
    }
}
