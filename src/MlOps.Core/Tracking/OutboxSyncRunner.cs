using MlOps.Contracts.Diagnostics;
using MlOps.Mlflow;
using MlOps.Mlflow.Outbox;
using MlOps.Specs.Model;

namespace MlOps.Core.Tracking;

/// <summary>`mlops sync`: uploads the outbox to the tracking target in effect.</summary>
public static class OutboxSyncRunner
{
    /// <summary>The folder holding <c>.git</c> above <paramref name="start"/>, else <paramref name="start"/> itself.</summary>
    public static string FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
            {
                return dir.FullName;
            }
        }
        return Path.GetFullPath(start);
    }

    public static async Task<SyncReport> RunAsync(string outboxDirectory, TrackingTarget target, Action<string> log, IMlflowStore? tracking = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!Directory.Exists(outboxDirectory))
        {
            // Nothing kept: don't create an empty store (or contact the server) for nothing.
            return new SyncReport();
        }
        var client = tracking ?? target.Open();
        try
        {
            return await OutboxSync.SyncAsync(outboxDirectory, client, RunTags.Outbox, log, cancellationToken).ConfigureAwait(false);
        }
        catch (MlflowException e)
        {
            throw new MlOpsException(Diagnostic.Error(TrackingErrorCodes.SyncFailed,
                $"could not sync the outbox to {target.Uri}: {e.Message} Nothing was lost: run `mlops sync` again once the server answers.",
                SourceLocation.None(outboxDirectory)));
        }
        finally
        {
            if (tracking is null)
            {
                (client as IDisposable)?.Dispose();
            }
        }
    }
}
