using MlOps.Contracts.Diagnostics;
using MlOps.Mlflow;
using MlOps.Mlflow.Outbox;
using MlOps.Specs.Model;

namespace MlOps.Core.Tracking;

/// <summary>
/// `mlops sync`: uploads the outbox. Each outboxed run remembers the tracking URI it was meant for and
/// goes back there; an explicit target (`--to`) sends every run to it instead.
/// </summary>
public static class OutboxSyncRunner
{
    /// <summary>Every run to <paramref name="target"/>.</summary>
    public static Task<SyncReport> RunAsync(string outboxDirectory, TrackingTarget target, Action<string> log, IMlflowStore? tracking = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        return RunAsync(outboxDirectory, _ => target, target.Uri, log, tracking, cancellationToken);
    }

    /// <summary>
    /// Every run to the target it recorded; a run from an older outbox that recorded none goes to
    /// <paramref name="fallback"/> (MLFLOW_TRACKING_URI) or, without one, stays in the outbox: it is
    /// never sent to a local store it was not meant for.
    /// </summary>
    public static Task<SyncReport> RunToRecordedTargetsAsync(string outboxDirectory, string repositoryRoot, TrackingTarget? fallback, Action<string> log, CancellationToken cancellationToken = default) =>
        RunAsync(outboxDirectory, recorded => recorded is null ? fallback : TrackingTarget.Select(recorded, null, repositoryRoot), "the runs' recorded servers", log, null, cancellationToken);

    private static async Task<SyncReport> RunAsync(string outboxDirectory, Func<string?, TrackingTarget?> targetFor, string where, Action<string> log, IMlflowStore? tracking, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(outboxDirectory))
        {
            // Nothing kept: don't create an empty store (or contact the server) for nothing.
            return new SyncReport();
        }
        var opened = new Dictionary<string, IMlflowStore>(StringComparer.Ordinal);
        IMlflowStore? StoreFor(string? recorded)
        {
            if (targetFor(recorded) is not { } target)
            {
                return null;
            }
            if (!opened.TryGetValue(target.Uri, out var store))
            {
                where = target.Uri;
                opened[target.Uri] = store = tracking ?? target.Open();
            }
            return store;
        }
        try
        {
            return await OutboxSync.SyncToRecordedTargetsAsync(outboxDirectory, StoreFor, RunTags.Outbox, log, cancellationToken).ConfigureAwait(false);
        }
        catch (MlflowException e)
        {
            throw new MlOpsException(Diagnostic.Error(TrackingErrorCodes.SyncFailed,
                $"could not sync the outbox to {where}: {e.Message} Nothing was lost: run `mlops sync` again once the server answers.",
                SourceLocation.None(outboxDirectory)));
        }
        finally
        {
            if (tracking is null)
            {
                foreach (var store in opened.Values)
                {
                    (store as IDisposable)?.Dispose();
                }
            }
        }
    }
}
