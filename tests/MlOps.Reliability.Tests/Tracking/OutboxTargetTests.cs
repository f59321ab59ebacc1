using MlOps.Mlflow.Tests.Fakes;
using MlOps.Reliability.Tests.Infrastructure;

namespace MlOps.Reliability.Tests.Tracking;

/// <summary>
/// Issue 16, "nothing lost" (2): an outboxed run remembers the server it was meant for, and `mlops sync`
/// without a URI replays it there, never into a local ./mlruns; `--to` sends it elsewhere.
/// </summary>
public sealed class OutboxTargetTests : IDisposable
{
    private static readonly Dictionary<string, string> Budget = new()
    {
        ["MLOPS_TRACKING_MAX_RETRIES"] = "1",
        ["MLOPS_TRACKING_RETRY_DELAY_MS"] = "10",
        ["MLOPS_TRACKING_TIMEOUT_SECONDS"] = "1",
        ["MLOPS_TRACKING_TOTAL_TIMEOUT_SECONDS"] = "10",
    };
    private readonly SampleRepo repo = new();

    public OutboxTargetTests()
    {
        foreach (var (name, value) in Budget)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var name in Budget.Keys)
        {
            Environment.SetEnvironmentVariable(name, null);
        }
        repo.Dispose();
    }

    private string Outbox => Path.Combine(repo.Root, ".mlops", "outbox");

    /// <summary>A run meant for <paramref name="server"/> while it fails every runs/create: kept in the outbox.</summary>
    private void OutboxedRunFor(FakeMlflowServer server)
    {
        for (var i = 0; i < 2; i++)
        {
            server.Enqueue(Fault.ServerError("runs/create"));
        }
        var run = Mlops.Run(TinySpec.Write(repo), Path.Combine(repo.Root, "out", "tiny"), "--tracking-uri", server.Uri.AbsoluteUri);
        Assert.True(run.Exit == 0, run.All);
        Assert.Contains("MLOPS702", run.All, StringComparison.Ordinal);
        Assert.Equal(0, server.PendingFaults);
        Assert.Empty(server.State.Runs);
    }

    [Fact]
    public void Sync_without_a_uri_replays_an_outboxed_run_to_the_server_it_was_meant_for()
    {
        using var server = new FakeMlflowServer();
        OutboxedRunFor(server);

        // A real process in the repository, MLFLOW_TRACKING_URI unset: what a user types after the server is back.
        var sync = MlopsProcess.RunToEnd(repo.Root, TimeSpan.FromMinutes(1), "sync");

        Assert.True(sync.Exit == 0, sync.Output);
        var run = Assert.Single(server.State.Runs).Value;
        Assert.Equal("FINISHED", run.Status);
        Assert.True(run.Params.Count > 0 && run.Metrics.Count > 0, sync.Output);
        Assert.False(run.Tags.ContainsKey("mlops.outbox.target"), "the outbox's own tags stay local");
        Assert.False(Directory.Exists(Path.Combine(repo.Root, "mlruns")), "nothing went to a local store:\n" + sync.Output);
        var again = MlopsProcess.RunToEnd(repo.Root, TimeSpan.FromMinutes(1), "sync");
        Assert.True(again.Exit == 0, again.Output);
        Assert.Single(server.State.Runs);
    }

    [Fact]
    public void Sync_to_another_uri_sends_the_run_there_instead()
    {
        using var meant = new FakeMlflowServer();
        OutboxedRunFor(meant);
        using var other = new FakeMlflowServer();

        var sync = MlopsProcess.RunToEnd(repo.Root, TimeSpan.FromMinutes(1), "sync", "--to", other.Uri.AbsoluteUri);

        Assert.True(sync.Exit == 0, sync.Output);
        Assert.Equal("FINISHED", Assert.Single(other.State.Runs).Value.Status);
        Assert.Empty(meant.State.Runs);
    }

    [Fact]
    public void A_run_from_an_older_outbox_that_names_no_server_is_kept_not_sent_to_a_local_store()
    {
        using var server = new FakeMlflowServer();
        OutboxedRunFor(server);
        // What an outbox written before the target was recorded looks like.
        foreach (var tag in Directory.GetFiles(Outbox, "mlops.outbox.target", SearchOption.AllDirectories))
        {
            File.Delete(tag);
        }

        var sync = MlopsProcess.RunToEnd(repo.Root, TimeSpan.FromMinutes(1), "sync");

        Assert.True(sync.Exit == 2, sync.Output);
        Assert.Contains("--to", sync.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(repo.Root, "mlruns")), sync.Output);
        Assert.Empty(Directory.GetFiles(Outbox, "mlops.outbox.synced", SearchOption.AllDirectories));
        var named = MlopsProcess.RunToEnd(repo.Root, TimeSpan.FromMinutes(1), "sync", "--to", server.Uri.AbsoluteUri);
        Assert.True(named.Exit == 0, named.Output);
        Assert.Single(server.State.Runs);
    }
}
