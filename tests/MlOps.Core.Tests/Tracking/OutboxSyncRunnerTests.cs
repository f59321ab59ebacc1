using MlOps.Contracts.Diagnostics;
using MlOps.Core.Tracking;
using MlOps.Mlflow.FileStore;
using MlOps.Mlflow.Rest;

namespace MlOps.Core.Tests.Tracking;

public sealed class OutboxSyncRunnerTests
{
    private static MlflowRestClient DeadClient(out Uri uri)
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        uri = new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)socket.LocalEndpoint).Port}/");
        return new MlflowRestClient(new MlflowRestOptions { TrackingUri = uri, MaxRetries = 1, BackoffFactor = TimeSpan.FromMilliseconds(1), BackoffJitter = TimeSpan.Zero, TotalTimeout = TimeSpan.FromSeconds(5) });
    }

    [Fact]
    public async Task Outboxed_runs_reach_the_target_once_however_often_sync_runs()
    {
        var f = new TrackingFixtures();
        using var dead = DeadClient(out var uri);
        var tracker = new RunTracker(TrackingTarget.Select(uri.AbsoluteUri, null, f.Root), f.Root, f.GitHubEnvironment("main"), _ => { }, dead);
        var outboxed = await tracker.LogAsync(f.Result, f.Spec, f.OutputDir);
        var target = TrackingTarget.Select(null, Path.Combine(f.Root, "synced-mlruns"), f.Root);

        var first = await OutboxSyncRunner.RunAsync(tracker.OutboxDirectory, target, _ => { });
        var second = await OutboxSyncRunner.RunAsync(tracker.OutboxDirectory, target, _ => { });

        var store = new MlflowFileStore(target.StorePath!);
        var experiment = await store.GetExperimentByNameAsync("digits-exp");
        var run = Assert.Single(await store.SearchRunsAsync([experiment!.ExperimentId], null));
        var local = await new MlflowFileStore(tracker.OutboxDirectory).GetRunAsync(outboxed.RunId);
        Assert.Equal((1, 0), (first.RunsSynced, second.RunsSynced));
        Assert.Equal((0, 0), (second.ParamsSent, second.MetricsSent));
        Assert.Equal(local.Params, run.Params);
        Assert.Equal(2, (await store.GetMetricHistoryAsync(run.Info.RunId, "train_loss")).Count);
        Assert.Equal("1", (await store.GetVersionByAliasAsync("digits-classifier", "champion"))?.Version);
        Assert.True(File.Exists(Path.Combine(store.ArtifactDirectory(run.Info.RunId), "result.json")));
    }

    [Fact]
    public async Task A_server_still_down_is_a_clear_error_and_keeps_the_outbox()
    {
        var f = new TrackingFixtures();
        using var dead = DeadClient(out var uri);
        var target = TrackingTarget.Select(uri.AbsoluteUri, null, f.Root);
        var tracker = new RunTracker(target, f.Root, _ => null, _ => { }, dead);
        await tracker.LogAsync(f.Result, f.Spec, f.OutputDir);

        var error = await Assert.ThrowsAsync<MlOpsException>(() => OutboxSyncRunner.RunAsync(tracker.OutboxDirectory, target, _ => { }, dead));

        Assert.Equal(TrackingErrorCodes.SyncFailed, error.Diagnostics.Single().Code);
        Assert.Contains("mlops sync", error.Message, StringComparison.Ordinal);
        Assert.True(Directory.Exists(tracker.OutboxDirectory));
    }
}
