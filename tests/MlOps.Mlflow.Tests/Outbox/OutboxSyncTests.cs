using MlOps.Mlflow.FileStore;
using MlOps.Mlflow.Outbox;
using MlOps.Mlflow.Rest;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.Outbox;

public sealed class OutboxSyncTests
{
    private static RunRecord Record(string artifactFolder)
    {
        var model = Path.Combine(artifactFolder, "model.dat");
        File.WriteAllText(model, "weights");
        return new RunRecord
        {
            ExperimentName = "digits",
            RunName = "digits-5to9",
            StartTime = 1795938478000,
            EndTime = 1795938479000,
            Tags = [new MlflowTag("mlflow.user", "ada"), new MlflowTag("mlops.verdict", "passed")],
            Params = Enumerable.Range(0, 120).Select(i => new MlflowParam($"p{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList(),
            Metrics = Enumerable.Range(0, 30).SelectMany(e => new[]
            {
                new MlflowMetric("train_loss", 1.0 / (e + 1), 1795938478000 + e, e),
                new MlflowMetric("val_loss", 1.5 / (e + 1), 1795938478000 + e, e),
            }).ToList(),
            Inputs = [new MlflowDatasetInput(new MlflowDataset("train", "d1", "local", "file:///train.csv"), "training")],
            Artifacts = [new ArtifactFile(model, "model/model.dat")],
            Registration = new ModelRegistration("digits-classifier", "model", "champion"),
        };
    }

    [Fact]
    public async Task An_unreachable_server_sends_the_run_to_the_outbox_and_sync_delivers_it_exactly_once()
    {
        var folder = TestClients.TempDirectory();
        var outbox = Path.Combine(folder, ".mlops", "outbox");
        var warnings = new List<string>();
        var deadUri = TestClients.DeadUri();
        using var dead = new MlflowRestClient(TestClients.FastOptions(deadUri));
        var record = Record(folder);

        var recorded = await new ResilientTracker(dead, outbox, TestClients.Tags, warnings.Add) { SyncHint = "run `mlops sync` to upload it" }.RecordAsync(record);

        Assert.True(recorded.Outboxed);
        Assert.Contains(warnings, w => w.Contains("mlops sync", StringComparison.Ordinal) && w.Contains(outbox, StringComparison.Ordinal));
        var local = await new MlflowFileStore(outbox).GetRunAsync(recorded.Run.RunId);
        Assert.Equal(120, local.Params.Count);

        using var server = new FakeMlflowServer();
        using var client = TestClients.Client(server);
        var first = await OutboxSync.SyncAsync(outbox, client, TestClients.Tags);
        var second = await OutboxSync.SyncAsync(outbox, client, TestClients.Tags);

        Assert.Equal((1, 120, 60), (first.RunsSynced, first.ParamsSent, first.MetricsSent));
        Assert.Equal((0, 1, 0, 0), (second.RunsSynced, second.RunsSkipped, second.ParamsSent, second.MetricsSent));
        Assert.Equal((1, 120, 60), (server.State.RunsCreated, server.State.ParamsReceived, server.State.MetricsReceived));
        var remote = server.State.Runs.Values.Single();
        Assert.Equal(("FINISHED", 1795938479000L), (remote.Status, remote.EndTime));
        Assert.Equal("passed", remote.Tags["mlops.verdict"]);
        Assert.DoesNotContain(remote.Tags.Keys, k => k == TestClients.Tags.RegisterAs);
        Assert.Single(remote.Inputs);
        Assert.Contains($"{remote.ExperimentId}/{remote.Id}/artifacts/model/model.dat", server.State.Artifacts.Keys);
        Assert.Equal("1", server.State.Aliases[("digits-classifier", "champion")]);
        Assert.Single(server.State.Models["digits-classifier"]);
    }

    [Fact]
    public async Task A_run_half_delivered_before_the_server_died_is_completed_without_duplicates()
    {
        var folder = TestClients.TempDirectory();
        var outbox = Path.Combine(folder, "outbox");
        using var server = new FakeMlflowServer();
        using var client = TestClients.Client(server);
        // The run gets created, then log-batch keeps failing past the retry budget.
        for (var i = 0; i < 4; i++)
        {
            server.Enqueue(Fault.ServerError("runs/log-batch"));
        }
        var record = Record(folder) with { Registration = null };

        var recorded = await new ResilientTracker(client, outbox, TestClients.Tags).RecordAsync(record);
        Assert.True(recorded.Outboxed);
        // Some values did arrive by another path (an earlier, interrupted sync).
        var remote = server.State.Runs.Values.Single();
        await client.LogBatchAsync(remote.Id, record.Metrics.Take(7).ToList(), record.Params.Take(5).ToList(), []);

        var report = await OutboxSync.SyncAsync(outbox, client, TestClients.Tags);

        Assert.Equal(1, server.State.RunsCreated);
        Assert.Equal((115, 53), (report.ParamsSent, report.MetricsSent));
        Assert.Equal((120, 60), (server.State.ParamsReceived, server.State.MetricsReceived));
        Assert.Equal(120, remote.Params.Count);
        Assert.Equal(60, remote.Metrics.Count);
    }

    [Fact]
    public async Task A_reachable_server_gets_the_run_directly_and_the_outbox_stays_empty()
    {
        var folder = TestClients.TempDirectory();
        var outbox = Path.Combine(folder, "outbox");
        using var server = new FakeMlflowServer();
        using var client = TestClients.Client(server);

        var recorded = await new ResilientTracker(client, outbox, TestClients.Tags).RecordAsync(Record(folder));

        Assert.False(recorded.Outboxed);
        Assert.Equal("1", recorded.RegisteredVersion);
        Assert.False(Directory.Exists(outbox));
        Assert.Equal((120, 60), (server.State.ParamsReceived, server.State.MetricsReceived));
    }

    [Fact]
    public async Task A_registration_cut_off_before_the_alias_is_finished_without_a_second_version()
    {
        var folder = TestClients.TempDirectory();
        var outbox = Path.Combine(folder, "outbox");
        using var server = new FakeMlflowServer();
        using var client = TestClients.Client(server);
        for (var i = 0; i < 4; i++)
        {
            server.Enqueue(Fault.ServerError("registered-models/alias"));
        }

        var recorded = await new ResilientTracker(client, outbox, TestClients.Tags).RecordAsync(Record(folder));
        Assert.True(recorded.Outboxed);
        Assert.Single(server.State.Models["digits-classifier"]);

        await OutboxSync.SyncAsync(outbox, client, TestClients.Tags);

        Assert.Single(server.State.Models["digits-classifier"]);
        Assert.Equal("1", server.State.Aliases[("digits-classifier", "champion")]);
        Assert.Equal((1, 120, 60), (server.State.RunsCreated, server.State.ParamsReceived, server.State.MetricsReceived));
    }
}
