using MlOps.Mlflow.FileStore;

namespace MlOps.Mlflow.Outbox;

/// <summary>
/// Replays outboxed runs to a server, idempotently: the server run is found by its
/// <see cref="RunRecord.RecordIdTag"/>, params and metrics already there are not sent again, and a
/// fully synced run is marked with <see cref="SyncedTag"/> so the next sync skips it.
/// </summary>
public static class OutboxSync
{
    public const string SyncedTag = "mlops.outbox.synced";

    public static async Task<SyncReport> SyncAsync(string outboxDirectory, IMlflowTracking target, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var report = new SyncReport();
        if (!Directory.Exists(outboxDirectory))
        {
            return report;
        }
        var outbox = new MlflowFileStore(outboxDirectory);
        foreach (var experiment in await outbox.SearchExperimentsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var runs = await outbox.SearchRunsAsync([experiment.ExperimentId], null, int.MaxValue, cancellationToken).ConfigureAwait(false);
            foreach (var run in runs.OrderBy(r => r.Info.StartTime))
            {
                if (run.Tags.ContainsKey(SyncedTag))
                {
                    report.RunsSkipped++;
                    continue;
                }
                var remote = await new RunReplay(outbox, target, experiment.Name, run, report).RunAsync(cancellationToken).ConfigureAwait(false);
                await outbox.LogBatchAsync(run.Info.RunId, [], [], [new MlflowTag(SyncedTag, remote)], cancellationToken).ConfigureAwait(false);
                report.RunsSynced++;
                log?.Invoke($"synced run {run.Info.RunName} ({run.Info.RunId}) → {target.TrackingUri} run {remote}");
            }
        }
        return report;
    }
}

/// <summary>What a sync did; params and metrics count values actually sent.</summary>
public sealed class SyncReport
{
    public int RunsSynced { get; internal set; }
    public int RunsSkipped { get; internal set; }
    public int ParamsSent { get; internal set; }
    public int MetricsSent { get; internal set; }
    public int ArtifactsSent { get; internal set; }
}
