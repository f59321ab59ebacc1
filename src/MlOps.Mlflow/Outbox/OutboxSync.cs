using MlOps.Mlflow.FileStore;

namespace MlOps.Mlflow.Outbox;

/// <summary>
/// Replays outboxed runs to a server, idempotently: the server run is found by its
/// <see cref="OutboxTags.RecordId"/> tag, params and metrics already there are not sent again, and a
/// fully synced run is marked with <see cref="OutboxTags.Synced"/> so the next sync skips it.
/// </summary>
public static class OutboxSync
{
    /// <summary>Uploads every run of <paramref name="outboxDirectory"/> not synced yet to <paramref name="target"/>.</summary>
    /// <param name="outboxDirectory">The outbox: an MLflow file store written by <see cref="ResilientTracker"/>.</param>
    /// <param name="target">The server (or any store) the runs belong on.</param>
    /// <param name="tags">The tag keys the outbox was written with.</param>
    /// <param name="log">Told about each run synced.</param>
    /// <param name="cancellationToken">Stops between calls; a later sync resumes where this one stopped.</param>
    public static Task<SyncReport> SyncAsync(string outboxDirectory, IMlflowStore target, OutboxTags tags, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        return SyncToRecordedTargetsAsync(outboxDirectory, _ => target, tags, log, cancellationToken);
    }

    /// <summary>Uploads every run not synced yet to the store <paramref name="targetFor"/> gives for the URI the run was meant for.</summary>
    /// <param name="outboxDirectory">The outbox: an MLflow file store written by <see cref="ResilientTracker"/>.</param>
    /// <param name="targetFor">The store for a run's recorded target URI (null when the run recorded none, from an older outbox); null keeps the run in the outbox (<see cref="SyncReport.RunsKept"/>).</param>
    /// <param name="tags">The tag keys the outbox was written with.</param>
    /// <param name="log">Told about each run synced or kept.</param>
    /// <param name="cancellationToken">Stops between calls; a later sync resumes where this one stopped.</param>
    public static async Task<SyncReport> SyncToRecordedTargetsAsync(string outboxDirectory, Func<string?, IMlflowStore?> targetFor, OutboxTags tags, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targetFor);
        ArgumentNullException.ThrowIfNull(tags);
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
                if (run.Tags.ContainsKey(tags.Synced))
                {
                    report.RunsSkipped++;
                    continue;
                }
                var recorded = run.Tags.GetValueOrDefault(tags.Target);
                if (targetFor(recorded) is not { } target)
                {
                    report.RunsKept++;
                    log?.Invoke($"kept run {run.Info.RunName} ({run.Info.RunId}) in the outbox: it does not say which server it was meant for; name the target explicitly");
                    continue;
                }
                var remote = await new RunReplay(outbox, target, tags, experiment.Name, run, report).RunAsync(cancellationToken).ConfigureAwait(false);
                await outbox.LogBatchAsync(run.Info.RunId, [], [], [new MlflowTag(tags.Synced, remote)], cancellationToken).ConfigureAwait(false);
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
    /// <summary>Runs brought to the server by this sync.</summary>
    public int RunsSynced { get; internal set; }
    /// <summary>Runs already synced before.</summary>
    public int RunsSkipped { get; internal set; }
    /// <summary>Runs left in the outbox because no target was known for them.</summary>
    public int RunsKept { get; internal set; }
    /// <summary>Params sent (those already on the server are not).</summary>
    public int ParamsSent { get; internal set; }
    /// <summary>Metric values sent (those already on the server are not).</summary>
    public int MetricsSent { get; internal set; }
    /// <summary>Artifact files uploaded.</summary>
    public int ArtifactsSent { get; internal set; }
}
