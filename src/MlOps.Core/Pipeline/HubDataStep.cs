using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Hub;
using MlOps.Specs.Hub;
using MlOps.Specs.Model;

namespace MlOps.Core.Pipeline;

/// <summary>
/// Before the data loads: each <c>hf://datasets/…</c> split in data.train, data.validation or
/// data.test becomes its Parquet files in the Hub cache (downloaded or cached). The spec the run
/// records keeps the hf:// locations; only the data stage reads the local paths.
/// </summary>
internal static class HubDataStep
{
    public static DataSpec Resolve(FineTuneSpec spec, IRunObserver? observer, CancellationToken cancel)
    {
        var locations = HubDatasets.Of(spec.Data).ToList();
        if (locations.Count == 0)
        {
            return spec.Data;
        }
        var options = HubOptions.FromEnvironment();
        var where = spec.Data.Location ?? SourceLocation.None(spec.SpecPath);
        var resolver = new HubDatasetResolver(options) { OnWarning = observer is null ? null : observer.OnMessage };
        var local = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, location) in locations)
        {
            observer?.OnMessage(options.Offline
                ? $"{key} {location}: HF_HUB_OFFLINE is set, using the cache at {options.CacheDirectory}"
                : $"{key} {location}: resolving at {options.Endpoint} (cache {options.CacheDirectory})");
            try
            {
                var split = resolver.Resolve(location, cancel);
                observer?.OnMessage($"{key} {location} is commit {split.Commit}: {split.Files.Count} Parquet file(s), {split.LocalPath}");
                local[key] = split.LocalPath;
            }
            catch (HubException e)
            {
                throw new MlOpsException(Diagnostic.Error(e.Code, $"{key}: {e.Message}", where));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new MlOpsException(Diagnostic.Error(HubErrorCodes.Unreachable,
                    $"{key} {location}: the Hub cache at {options.CacheDirectory} could not be written ({e.Message}); free space or fix its permissions (or set HF_HUB_CACHE elsewhere) and run again",
                    where));
            }
        }
        return spec.Data with
        {
            Train = local.GetValueOrDefault("data.train", spec.Data.Train),
            Validation = local.GetValueOrDefault("data.validation") ?? spec.Data.Validation,
            Test = local.GetValueOrDefault("data.test") ?? spec.Data.Test,
        };
    }
}
