using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Hub;
using MlOps.Specs.Hub;
using MlOps.Specs.Model;

namespace MlOps.Core.Pipeline;

/// <summary>
/// The first step of a run: a Hub checkpoint becomes its local snapshot folder (downloaded or
/// taken from the cache), so every later stage reads a local file or folder. `model: auto` is
/// settled next, by <see cref="BaseArchitecture"/>.
/// </summary>
internal static class BaseCheckpointStep
{
    public static FineTuneSpec ResolveHub(FineTuneSpec spec, IRunObserver? observer, CancellationToken cancel)
    {
        if (spec.Base.Hub is not { } id)
        {
            return spec;
        }
        var options = HubOptions.FromEnvironment();
        var where = spec.Base.CheckpointLocation ?? spec.Base.Location ?? SourceLocation.None(spec.SpecPath);
        observer?.OnMessage(options.Offline
            ? $"base.checkpoint {id}: HF_HUB_OFFLINE is set, using the cache at {options.CacheDirectory}"
            : $"base.checkpoint {id}: resolving at {options.Endpoint} (cache {options.CacheDirectory})");
        try
        {
            var snapshot = new HubSnapshotResolver(options, Progress(observer)) { OnWarning = observer is null ? null : observer.OnMessage }.Resolve(id, cancel);
            observer?.OnMessage($"base.checkpoint {id} is commit {snapshot.Commit}: {snapshot.Folder}");
            return spec with { Base = spec.Base with { Checkpoint = snapshot.Folder } };
        }
        catch (HubException e)
        {
            throw new MlOpsException(Diagnostic.Error(e.Code, e.Message, where));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full disk, a read-only cache, another process holding the same partial download.
            throw new MlOpsException(Diagnostic.Error(HubErrorCodes.Unreachable,
                $"base.checkpoint {id}: the Hub cache at {options.CacheDirectory} could not be written ({e.Message}); free space or fix its permissions (or set HF_HUB_CACHE elsewhere) and run again",
                where));
        }
    }

    /// <summary>Progress as messages: when a file starts, at each quarter, and when it is complete.</summary>
    private static Action<HubProgress>? Progress(IRunObserver? observer)
    {
        if (observer is null)
        {
            return null;
        }
        var lastQuarter = new Dictionary<string, int>(StringComparer.Ordinal);
        return p =>
        {
            var quarter = p.TotalBytes > 0 ? (int)(4 * p.Bytes / p.TotalBytes) : 4;
            if (lastQuarter.TryGetValue(p.File, out var last) && last == quarter)
            {
                return;
            }
            lastQuarter[p.File] = quarter;
            observer.OnMessage($"downloading {p.Id.RepoId}/{p.File}: {Megabytes(p.Bytes)} of {Megabytes(p.TotalBytes)} MB");
        };
    }

    private static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
