using MlOps.Mlflow.FileStore;
using MlOps.Mlflow.Outbox;
using MlOps.Mlflow.Rest;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.Outbox;

/// <summary>An outboxed run remembers where it was meant to go, as a place and never as a key.</summary>
public sealed class OutboxTargetTagTests
{
    [Theory]
    [InlineData("https://user:pa55@mlflow.example.com:5000/base/?token=s3cret#frag", "https://mlflow.example.com:5000/base")]
    [InlineData("http://127.0.0.1:5000/", "http://127.0.0.1:5000")]
    [InlineData("http://mlflow.example.com/a%20b?x=1", "http://mlflow.example.com/a%20b")]
    public void The_recorded_target_keeps_scheme_host_port_and_path_only(string uri, string recorded) =>
        Assert.Equal(recorded, ResilientTracker.WithoutSecrets(uri));

    [Fact]
    public async Task An_outboxed_run_records_the_server_it_was_meant_for_and_a_sync_to_recorded_targets_goes_there()
    {
        var folder = TestClients.TempDirectory();
        var outbox = Path.Combine(folder, "outbox");
        var deadUri = TestClients.DeadUri();
        using var dead = new MlflowRestClient(TestClients.FastOptions(deadUri));
        var record = new RunRecord { ExperimentName = "digits", RunName = "r", StartTime = 1, EndTime = 2, Params = [new MlflowParam("p", "1")] };

        var recorded = await new ResilientTracker(dead, outbox, TestClients.Tags).RecordAsync(record);

        var local = await new MlflowFileStore(outbox).GetRunAsync(recorded.Run.RunId);
        Assert.Equal(deadUri.AbsoluteUri.TrimEnd('/'), local.Tags[TestClients.Tags.Target]);
        using var server = new FakeMlflowServer();
        using var client = TestClients.Client(server);
        var asked = new List<string?>();
        var report = await OutboxSync.SyncToRecordedTargetsAsync(outbox, target => { asked.Add(target); return client; }, TestClients.Tags);
        Assert.Equal([deadUri.AbsoluteUri.TrimEnd('/')], asked);
        Assert.Equal(1, report.RunsSynced);
        Assert.DoesNotContain(TestClients.Tags.Target, server.State.Runs.Values.Single().Tags.Keys);
        var kept = await OutboxSync.SyncToRecordedTargetsAsync(outbox, _ => null, TestClients.Tags);
        Assert.Equal((0, 1, 0), (kept.RunsSynced, kept.RunsSkipped, kept.RunsKept));
    }
}
