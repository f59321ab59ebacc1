using MlOps.Specs.Model;

namespace MlOps.Specs.Hub;

/// <summary>The Hub dataset splits a spec's data section names, and what the fingerprint knows of them from the cache alone.</summary>
public static class HubDatasets
{
    /// <summary>data.train, data.validation and data.test that are <c>hf://datasets/…</c> locations, with their key.</summary>
    public static IEnumerable<(string Key, HubDatasetLocation Location)> Of(DataSpec data)
    {
        ArgumentNullException.ThrowIfNull(data);
        foreach (var (key, value) in new[] { ("train", data.Train), ("validation", data.Validation), ("test", data.Test) })
        {
            if (HubDatasetLocation.LooksLikeOne(value) && HubDatasetLocation.TryParse(value!, key, out var location, out _))
            {
                yield return ("data." + key, location);
            }
        }
    }

    /// <summary>
    /// One line per location: its commit in the cache and the digest of every file of the split
    /// (the verified blob's name, never a re-read), or "not-cached". Read from the cache, never the
    /// network: a run resolves the revision first, so its fingerprint names the commit it trains on.
    /// </summary>
    public static IEnumerable<string> FingerprintLines(DataSpec data, string cacheDirectory)
    {
        var cache = new HubCache(cacheDirectory);
        foreach (var (_, location) in Of(data))
        {
            if (cache.FindSnapshot(location.Repo) is not { } folder)
            {
                yield return $"dataset {location} not-cached";
                continue;
            }
            var files = HubFolder.Files(folder);
            var split = HubDatasetLayout.SplitFiles(files.Select(f => f.Name), location);
            yield return $"dataset {location} commit {Path.GetFileName(folder)}";
            foreach (var file in files.Where(f => split.Contains(f.Name)))
            {
                yield return $"  {file.Name} {file.Digest}";
            }
        }
    }
}
