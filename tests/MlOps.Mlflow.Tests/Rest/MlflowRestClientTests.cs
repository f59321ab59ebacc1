using System.Net;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.Rest;

public sealed class MlflowRestClientTests : IDisposable
{
    private readonly FakeMlflowServer server = new();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task Get_or_create_experiment_creates_once_and_then_finds_it()
    {
        using var client = TestClients.Client(server);
        var first = await client.GetOrCreateExperimentAsync("csharp-client-check");
        var second = await client.GetOrCreateExperimentAsync("csharp-client-check");

        Assert.Equal(first.ExperimentId, second.ExperimentId);
        Assert.Matches("^[1-9][0-9]{17}$", first.ExperimentId);
        Assert.Equal($"mlflow-artifacts:/{first.ExperimentId}", first.ArtifactLocation);
        Assert.Single(server.Requests, r => r == "POST api/2.0/mlflow/experiments/create");
    }

    [Fact]
    public async Task Get_or_create_experiment_survives_a_concurrent_creator()
    {
        using var client = TestClients.Client(server);
        var theirs = await client.GetOrCreateExperimentAsync("raced");
        // Our lookup misses (the other writer had not committed yet); our create then gets RESOURCE_ALREADY_EXISTS.
        server.Enqueue(new Fault(404, "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"Could not find experiment with name 'raced'\"}", PathContains: "get-by-name"));

        var ours = await client.GetOrCreateExperimentAsync("raced");

        Assert.Equal(theirs.ExperimentId, ours.ExperimentId);
        Assert.Equal(2, server.Requests.Count(r => r.EndsWith("experiments/create", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_run_logged_through_the_client_reads_back_with_every_value()
    {
        using var client = TestClients.Client(server);
        var experiment = await client.GetOrCreateExperimentAsync("e");
        var run = await client.CreateRunAsync(experiment.ExperimentId, "run-1", 1795938478926, [new MlflowTag("mlflow.user", "tester")]);
        await client.LogBatchAsync(run.RunId,
            [new MlflowMetric("loss", 0.5, 1795938478926, 0), new MlflowMetric("loss", 0.25, 1795938478927, 1), new MlflowMetric("nanmetric", double.NaN, 1795938478926, 2)],
            [new MlflowParam("lr", "0.01"), new MlflowParam("epochs", "3")],
            [new MlflowTag("stage", "dev")]);
        await client.UpdateRunAsync(run.RunId, MlflowRunStatus.Finished, 1795938483926);

        var read = await client.GetRunAsync(run.RunId);
        var history = await client.GetMetricHistoryAsync(run.RunId, "loss");

        Assert.Equal(MlflowRunStatus.Finished, read.Info.Status);
        Assert.Equal(1795938483926, read.Info.EndTime);
        Assert.Equal("0.01", read.Params["lr"]);
        Assert.Equal("dev", read.Tags["stage"]);
        Assert.Equal("run-1", read.Tags["mlflow.runName"]);
        Assert.Equal(0.25, read.Metrics.Single(m => m.Key == "loss").Value);
        Assert.True(double.IsNaN(read.Metrics.Single(m => m.Key == "nanmetric").Value));
        Assert.Equal([0.5, 0.25], history.Select(m => m.Value));
        Assert.Contains(server.Requests, r => r.StartsWith("GET api/2.0/mlflow/metrics/get-history", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_created_over_rest_carries_the_callers_user_id()
    {
        using var client = TestClients.Client(server);
        var experiment = await client.GetOrCreateExperimentAsync("owned");

        var run = await client.CreateRunAsync(experiment.ExperimentId, "r", 1, [new MlflowTag("mlflow.user", "ada")]);

        Assert.Equal("ada", server.State.Runs[run.RunId].UserId);
    }

    [Fact]
    public async Task Log_batch_is_split_to_mlflow_limits_and_nothing_is_lost()
    {
        using var client = TestClients.Client(server);
        var experiment = await client.GetOrCreateExperimentAsync("big");
        var run = await client.CreateRunAsync(experiment.ExperimentId, "r", 1, []);
        var metrics = Enumerable.Range(0, 2500).Select(i => new MlflowMetric("m", i, 1, i)).ToList();
        var parameters = Enumerable.Range(0, 250).Select(i => new MlflowParam($"p{i}", "v")).ToList();

        await client.LogBatchAsync(run.RunId, metrics, parameters, []);

        Assert.Equal(2500, server.State.MetricsReceived);
        Assert.Equal(250, server.State.ParamsReceived);
        // 100 params + 900 metrics, twice, then 50 + 700: never more than 1000 entities a request.
        Assert.Equal(3, server.Requests.Count(r => r.EndsWith("runs/log-batch", StringComparison.Ordinal)));
        Assert.Equal(2500, (await client.GetMetricHistoryAsync(run.RunId, "m")).Count);
    }

    [Fact]
    public async Task A_param_value_past_6000_characters_is_refused_before_sending()
    {
        using var client = TestClients.Client(server);
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            client.LogBatchAsync("0123456789abcdef0123456789abcdef", [], [new MlflowParam("prompt", new string('x', 6001))], []));

        Assert.Contains("'prompt'", error.Message, StringComparison.Ordinal);
        Assert.Contains("6000", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Server_errors_name_the_call_the_status_and_the_reason()
    {
        using var client = TestClients.Client(server);
        var error = await Assert.ThrowsAsync<MlflowException>(() => client.GetRunAsync("0123456789abcdef0123456789abcdef"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", error.ErrorCode);
        Assert.Contains("GET runs/get", error.Message, StringComparison.Ordinal);
        Assert.Contains("Run '0123456789abcdef0123456789abcdef' not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_mlflow_answer_says_to_check_the_tracking_uri()
    {
        using var client = new MlOps.Mlflow.Rest.MlflowRestClient(TestClients.FastOptions(new Uri(server.Uri, "not-mlflow/")));
        var error = await Assert.ThrowsAsync<MlflowException>(() => client.GetRunAsync("abc"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Null(error.ErrorCode);
        Assert.Contains("check the tracking URI", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Artifacts_go_through_the_mlflow_artifacts_proxy()
    {
        using var client = TestClients.Client(server);
        var experiment = await client.GetOrCreateExperimentAsync("a");
        var run = await client.CreateRunAsync(experiment.ExperimentId, "r", 1, []);
        var file = Path.Combine(TestClients.TempDirectory(), "MLmodel");
        await File.WriteAllTextAsync(file, "hello from curl\n");

        await client.UploadArtifactAsync(run, file, "model/MLmodel");

        Assert.Equal("hello from curl\n", System.Text.Encoding.UTF8.GetString(server.State.Artifacts[$"{experiment.ExperimentId}/{run.RunId}/artifacts/model/MLmodel"]));
        Assert.Contains($"PUT api/2.0/mlflow-artifacts/artifacts/{experiment.ExperimentId}/{run.RunId}/artifacts/model/MLmodel", server.Requests);
    }

    [Fact]
    public async Task Registry_creates_model_once_versions_and_resolves_aliases()
    {
        using var client = TestClients.Client(server);
        var experiment = await client.GetOrCreateExperimentAsync("reg");
        var run = await client.CreateRunAsync(experiment.ExperimentId, "r", 1, []);

        await client.EnsureRegisteredModelAsync("csharp-model");
        await client.EnsureRegisteredModelAsync("csharp-model");
        var v1 = await client.CreateModelVersionAsync("csharp-model", $"{run.ArtifactUri}/model", run.RunId);
        var v2 = await client.CreateModelVersionAsync("csharp-model", $"{run.ArtifactUri}/model", run.RunId);
        await client.SetAliasAsync("csharp-model", "champion", v1.Version);

        var champion = await client.GetVersionByAliasAsync("csharp-model", "champion");
        Assert.Equal(("1", "2"), (v1.Version, v2.Version));
        Assert.Equal("1", champion!.Version);
        Assert.Equal(run.RunId, champion.RunId);
        Assert.Equal(["champion"], champion.Aliases);
        Assert.Null(await client.GetVersionByAliasAsync("csharp-model", "staging"));
        Assert.Null(await client.GetVersionByAliasAsync("no-such-model", "champion"));
    }

    [Fact]
    public async Task Search_finds_a_run_by_tag_and_always_sends_max_results()
    {
        using var client = TestClients.Client(server);
        var experiment = await client.GetOrCreateExperimentAsync("s");
        await client.CreateRunAsync(experiment.ExperimentId, "other", 1, [new MlflowTag("mlops.spec.fingerprint", "aaa")]);
        var wanted = await client.CreateRunAsync(experiment.ExperimentId, "wanted", 2, [new MlflowTag("mlops.spec.fingerprint", "bbb")]);

        var found = await client.SearchRunsAsync([experiment.ExperimentId], "tags.`mlops.spec.fingerprint` = 'bbb'", 5);
        var experiments = await client.SearchExperimentsAsync(10);

        Assert.Equal(wanted.RunId, Assert.Single(found).Info.RunId);
        Assert.Contains(experiments, e => e.Name == "Default" && e.ExperimentId == "0");
    }

    [Fact]
    public async Task Datasets_are_logged_with_their_context_tag()
    {
        using var client = TestClients.Client(server);
        var experiment = await client.GetOrCreateExperimentAsync("d");
        var run = await client.CreateRunAsync(experiment.ExperimentId, "r", 1, []);

        await client.LogInputsAsync(run.RunId, [new MlflowDatasetInput(new MlflowDataset("val", "abcd", "local", "{\"uri\": \"file:///val.csv\"}", null, "{\"num_rows\": 3}"), "validation")]);

        var sent = server.State.Runs[run.RunId].Inputs["val/abcd"];
        Assert.Equal("mlflow.data.context", sent["tags"]![0]!["key"]!.GetValue<string>());
        Assert.Equal("validation", sent["tags"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("{\"num_rows\": 3}", sent["dataset"]!["profile"]!.GetValue<string>());
        Assert.False(sent["dataset"]!.AsObject().ContainsKey("schema"));
    }
}
