using System.Globalization;
using MlOps.Mlflow;

namespace MlOps.Core.Tracking;

/// <summary>What a repair did: runs finished as KILLED, and RUNNING runs left alone (owner alive; or no owner tags, or waiting in the outbox for `mlops sync`).</summary>
public sealed record RepairReport(int Killed, int OwnerAlive, int OwnerUnknown);

/// <summary>
/// Runs left RUNNING by a process that was killed while it tracked them (kill -9, the OOM killer, a
/// full disk that refused even the final status): finished as KILLED, with a tag saying why, when
/// their owner (<see cref="RunOwner"/>) is gone. A run whose owner lives, or runs on another host, is
/// left alone.
/// </summary>
public static class AbandonedRuns
{
    public const string RepairedTag = "mlops.repaired";

    /// <summary>Every RUNNING run this host wrote, in every experiment of <paramref name="store"/> (`mlops sync --repair`).</summary>
    public static async Task<RepairReport> FinishAllAsync(IMlflowStore store, string? outboxDirectory, Action<string> log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var experiments = await store.SearchExperimentsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (experiments.Count == 0)
        {
            return new RepairReport(0, 0, 0);
        }
        var pending = await PendingInOutboxAsync(outboxDirectory, cancellationToken).ConfigureAwait(false);
        return await FinishAsync(store, [.. experiments.Select(e => e.ExperimentId)], RunOwner.HostTag, Environment.MachineName, pending, log, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The RUNNING runs of one experiment with this fingerprint (a newly tracked run finishes its killed predecessors).</summary>
    public static async Task<RepairReport> FinishAsync(IMlflowStore store, string experimentId, string fingerprint, string? outboxDirectory, Action<string> log, CancellationToken cancellationToken = default)
    {
        var pending = await PendingInOutboxAsync(outboxDirectory, cancellationToken).ConfigureAwait(false);
        return await FinishAsync(store, [experimentId], RunTags.Fingerprint, fingerprint, pending, log, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A server run cut short because the server went away was kept whole in the outbox, and `mlops sync`
    /// finishes it (found by its record id): it is not abandoned, and is left alone.
    /// </summary>
    private static async Task<HashSet<string>> PendingInOutboxAsync(string? outboxDirectory, CancellationToken cancellationToken)
    {
        var pending = new HashSet<string>(StringComparer.Ordinal);
        if (outboxDirectory is null || !Directory.Exists(outboxDirectory))
        {
            return pending;
        }
        var outbox = new MlOps.Mlflow.FileStore.MlflowFileStore(outboxDirectory);
        var experiments = await outbox.SearchExperimentsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (experiments.Count == 0)
        {
            return pending;
        }
        foreach (var run in await outbox.SearchRunsAsync([.. experiments.Select(e => e.ExperimentId)], null, int.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            if (!run.Tags.ContainsKey(RunTags.Outbox.Synced) && run.Tags.GetValueOrDefault(RunTags.Outbox.RecordId) is { } recordId)
            {
                pending.Add(recordId);
            }
        }
        return pending;
    }

    private static async Task<RepairReport> FinishAsync(IMlflowStore store, IReadOnlyList<string> experimentIds, string tag, string value, HashSet<string> pending, Action<string> log, CancellationToken cancellationToken)
    {
        var filter = $"tags.`{tag}` = '{value.Replace("'", "''", StringComparison.Ordinal)}' and attributes.status = 'RUNNING'";
        var runs = await store.SearchRunsAsync(experimentIds, filter, 1000, cancellationToken).ConfigureAwait(false);
        int killed = 0, alive = 0, unknown = 0;
        foreach (var run in runs.Where(r => r.Info.Status == MlflowRunStatus.Running))
        {
            if (run.Tags.GetValueOrDefault(RunTags.Outbox.RecordId) is { } recordId && pending.Contains(recordId))
            {
                unknown++;
                continue;
            }
            var owner = RunOwner.FromTags(run.Tags);
            switch (owner?.IsGone())
            {
                case true:
                    var now = DateTimeOffset.UtcNow;
                    var why = string.Create(CultureInfo.InvariantCulture, $"left RUNNING by {owner}, which is gone; finished as KILLED by {RunOwner.Current} at {now:yyyy-MM-ddTHH:mm:ssZ}");
                    await store.LogBatchAsync(run.Info.RunId, [], [], [new MlflowTag(RepairedTag, why), new MlflowTag(RunTags.Verdict, "stopped")], cancellationToken).ConfigureAwait(false);
                    await store.UpdateRunAsync(run.Info.RunId, MlflowRunStatus.Killed, now.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
                    log($"run {run.Info.RunId} ({run.Info.RunName}) was {why}");
                    killed++;
                    break;
                case false:
                    alive++;
                    break;
                default:
                    unknown++;
                    break;
            }
        }
        return new RepairReport(killed, alive, unknown);
    }
}
