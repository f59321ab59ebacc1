using MlOps.Mlflow.FileStore;
using MlOps.Mlflow.Rest;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.Rest;

/// <summary>
/// What a real MLflow 3.6.1.dev0 server answered (Rest/Transcripts, sqlite and file-store backends) where it
/// differs from what the client assumed, replayed by <see cref="TranscriptServer"/>.
/// </summary>
public sealed class RealServerTranscriptTests
{
    private const string FileStoreBackend = "mlflow-3.6-file-store-differences.txt";
    private const string SqliteBackend = "mlflow-3.6-sqlite-differences.txt";
    private const string FileStoreRun = "4ba14c83d77b445fbda51c28861be193";
    private const string SqliteRun = "29c12b9afbc64375a8c28b2a5e58469b";
    private const string FileStoreExperiment = "160780053824814405";

    public static TheoryData<string, string, string> Backends => new()
    {
        { FileStoreBackend, FileStoreRun, "no-model-fs" },
        { SqliteBackend, SqliteRun, "no-model-sqlite" },
    };

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task A_changed_param_fails_at_once_on_both_backends(string transcript, string runId, string _)
    {
        // The file-store backend answers 500 INTERNAL_ERROR, the sqlite one 400: neither is a server outage.
        using var server = new TranscriptServer(transcript);
        using var rest = TestClients.Client(server.Uri);
        var client = new MlflowClient(rest);

        var error = await Assert.ThrowsAsync<MlflowException>(() => client.LogParamAsync(runId, "alpha", "0.7"));

        Assert.Contains("Changing param values is not allowed", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task A_version_of_an_unknown_model_fails_at_once_on_both_backends(string transcript, string runId, string model)
    {
        using var server = new TranscriptServer(transcript);
        using var rest = TestClients.Client(server.Uri);
        var client = new MlflowClient(rest);

        var error = await Assert.ThrowsAsync<MlflowException>(() => client.CreateModelVersionAsync(model, $"runs:/{runId}/model", runId));

        Assert.Contains($"Registered Model with name={model} not found", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_real_server_error_500_is_still_retried_and_reported_unavailable()
    {
        using var server = new FakeMlflowServer();
        server.Enqueue(Fault.ServerError());
        server.Enqueue(Fault.ServerError());
        server.Enqueue(Fault.ServerError());
        server.Enqueue(Fault.ServerError());
        using var rest = TestClients.Client(server);

        await Assert.ThrowsAsync<MlflowUnavailableException>(() => rest.SearchExperimentsAsync());
        Assert.Equal(0, server.PendingFaults);
    }

    [Theory]
    [InlineData(FileStoreBackend, FileStoreExperiment)]
    [InlineData(SqliteBackend, "2")]
    public async Task Paging_ends_on_both_backends(string transcript, string experimentId)
    {
        // sqlite: the last full page still carries a token and the page after it is {}; file store: no token.
        using var server = new TranscriptServer(transcript);
        using var rest = TestClients.Client(server.Uri);
        var client = new MlflowClient(rest);

        var names = new List<string>();
        await foreach (var run in client.SearchAllRunsAsync([experimentId], pageSize: 2))
        {
            names.Add(run.Info.RunName);
        }

        Assert.Equal(["page-4", "page-3", "page-2", "page-1", "page-0", "probe-run"], names);
    }

    [Fact]
    public async Task A_page_size_below_one_is_refused_before_any_request()
    {
        // A file-store server answers max_results 0 with no runs and a token back to offset 0: paging would never end.
        using var server = new TranscriptServer(FileStoreBackend);
        using var rest = TestClients.Client(server.Uri);
        var client = new MlflowClient(rest);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
        {
            await foreach (var _ in client.SearchAllRunsAsync([FileStoreExperiment], pageSize: 0, cancellationToken: timeout.Token))
            {
            }
        });
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.SearchRunsAsync([FileStoreExperiment], maxResults: 0));
        Assert.Empty(server.Requests);

        var local = new MlflowClient(new MlflowFileStore(Path.Combine(TestClients.TempDirectory(), "mlruns")));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => local.SearchRunsAsync(["0"], maxResults: 0));
    }

    [Fact]
    public async Task The_local_store_lists_experiments_in_the_servers_order()
    {
        using var server = new TranscriptServer(FileStoreBackend);
        using var rest = TestClients.Client(server.Uri);
        var recorded = (await rest.SearchExperimentsAsync(2)).Select(e => e.Name).ToList();

        // The store creates Default when opened: later experiments must not share its millisecond (a tie goes by id).
        var local = new MlflowClient(new MlflowFileStore(Path.Combine(TestClients.TempDirectory(), "mlruns")));
        await Task.Delay(20);
        await local.CreateExperimentAsync("mlflow-client-sample");
        await Task.Delay(20);
        await local.CreateExperimentAsync("probe-fs");

        Assert.Equal(["probe-fs", "mlflow-client-sample"], recorded);
        Assert.Equal(recorded, (await local.SearchExperimentsAsync(2)).Select(e => e.Name));
    }

    [Fact]
    public async Task The_local_store_refuses_the_aliases_the_server_refuses()
    {
        using var server = new TranscriptServer(FileStoreBackend);
        using var rest = TestClients.Client(server.Uri);
        var recorded = await Assert.ThrowsAsync<MlflowException>(() => rest.SetAliasAsync("probe-model-fs", "v1", "1"));

        var local = new MlflowClient(new MlflowFileStore(Path.Combine(TestClients.TempDirectory(), "mlruns")));
        var experimentId = await local.CreateExperimentAsync("aliases");
        var run = await local.CreateRunAsync(experimentId);
        await local.CreateRegisteredModelAsync("probe-model-fs");
        await local.CreateModelVersionAsync("probe-model-fs", $"{run.ArtifactUri}/model", run.RunId);
        var refused = await Assert.ThrowsAsync<MlflowException>(() => local.SetRegisteredModelAliasAsync("probe-model-fs", "v1", "1"));

        Assert.Equal(recorded.ErrorCode, refused.ErrorCode);
        Assert.EndsWith(": Version alias name 'v1' is reserved.", recorded.Message, StringComparison.Ordinal);
        Assert.EndsWith(": Version alias name 'v1' is reserved.", refused.Message, StringComparison.Ordinal);
        // The alias is a file name in the store: MLflow's character rule keeps it inside aliases/.
        foreach (var alias in new[] { "../escape", "a/b", "latest", "" })
        {
            var e = await Assert.ThrowsAsync<MlflowException>(() => local.SetRegisteredModelAliasAsync("probe-model-fs", alias, "1"));
            Assert.Equal("INVALID_PARAMETER_VALUE", e.ErrorCode);
        }
        await Assert.ThrowsAsync<MlflowException>(() => local.GetModelVersionByAliasAsync("probe-model-fs", "../escape"));
        await local.SetRegisteredModelAliasAsync("probe-model-fs", "champion_2-b", "1");
        Assert.Equal("1", (await local.GetModelVersionByAliasAsync("probe-model-fs", "champion_2-b"))!.Version);
    }
}
