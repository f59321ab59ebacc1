using MlOps.Contracts.Results;
using MlOps.Core.Data;
using MlOps.Specs.Hub;

namespace MlOps.Core.Models.Hub;

/// <summary>One split of a Hub dataset in the local cache: the commit, its files, and the path the data stage reads (a file, or a shard pattern).</summary>
public sealed record HubDatasetSplit(HubDatasetLocation Location, string Commit, string LocalPath, IReadOnlyList<HubFile> Files);

/// <summary>
/// Resolves <c>hf://datasets/owner/name@revision/split</c> to the split's Parquet files in the Hub
/// cache, as model checkpoints are: the revision's commit and file list from the Hub's revision API,
/// then each file through <c>resolve</c> (HEAD, verified download, snapshot link). Offline, or with
/// the Hub unreachable and the split cached, the cache alone answers.
/// </summary>
public sealed class HubDatasetResolver(HubOptions options, Action<HubProgress>? progress = null)
{
    private readonly HubCache cache = new(options.CacheDirectory);

    /// <summary>Told when the Hub could not be reached and the cached snapshot was used instead.</summary>
    public Action<string>? OnWarning { get; init; }

    public HubDatasetSplit Resolve(HubDatasetLocation location, CancellationToken cancel = default) =>
        ResolveAsync(location, cancel).GetAwaiter().GetResult();

    public async Task<HubDatasetSplit> ResolveAsync(HubDatasetLocation location, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (options.Offline)
        {
            return FromCache(location);
        }
        try
        {
            return await DownloadAsync(location, cancel).ConfigureAwait(false);
        }
        catch (HubException e) when (e.Code == HubErrorCodes.Unreachable && Cached(location) is { } cached)
        {
            OnWarning?.Invoke($"{e.Message}; using the cached snapshot {cached.Commit} of {location}");
            return cached;
        }
    }

    private async Task<HubDatasetSplit> DownloadAsync(HubDatasetLocation location, CancellationToken cancel)
    {
        var id = location.Repo;
        using var http = new HubHttp(options);
        var downloader = new HubFileDownloader(options, cache, http, progress);
        var listing = await downloader.ListAsync(id, cancel).ConfigureAwait(false);
        var split = HubDatasetLayout.SplitFiles(listing.Files, location);
        if (split.Count == 0)
        {
            throw SplitMissing(location, listing.Commit, listing.Files);
        }
        var files = new List<HubFile>();
        // Every file comes from that one commit, even if the branch moves meanwhile.
        foreach (var file in split)
        {
            var metadata = await downloader.HeadAsync(id, listing.Commit, file, optional: false, cancel).ConfigureAwait(false);
            files.Add(await downloader.FetchAsync(id, listing.Commit, file, metadata!, cancel).ConfigureAwait(false));
        }
        cache.WriteRef(id, listing.Commit);
        return Split(location, listing.Commit, files);
    }

    /// <summary>HF_HUB_OFFLINE: the split from the cached snapshot of the revision, or a clear error.</summary>
    public HubDatasetSplit FromCache(HubDatasetLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (Cached(location) is { } cached)
        {
            return cached;
        }
        var id = location.Repo;
        var where = cache.FindSnapshot(id) is { } folder
            ? $"the cached snapshot {folder} holds no Parquet files of split '{location.Split}'"
            : $"no snapshot for revision '{id.Revision}' (looked for {(id.RevisionIsCommit ? cache.SnapshotFolder(id, id.Revision) : cache.RefFile(id))})";
        throw new HubException(HubErrorCodes.NotCached,
            $"{location} is not in the Hub cache at {cache.Root}: {where}. HF_HUB_OFFLINE is set, so nothing is downloaded: run once with network and HF_HUB_OFFLINE unset (or point HF_HOME / HF_HUB_CACHE at a cache that has it)");
    }

    private HubDatasetSplit? Cached(HubDatasetLocation location)
    {
        if (cache.FindSnapshot(location.Repo) is not { } folder)
        {
            return null;
        }
        var all = HubFolder.Files(folder);
        var names = HubDatasetLayout.SplitFiles(all.Select(f => f.Name), location);
        return names.Count == 0 ? null : Split(location, Path.GetFileName(folder), [.. all.Where(f => names.Contains(f.Name))]);
    }

    /// <summary>One file is read as itself; several as the pattern of their shared folder and split prefix.</summary>
    private HubDatasetSplit Split(HubDatasetLocation location, string commit, IReadOnlyList<HubFile> files)
    {
        var snapshot = cache.SnapshotFolder(location.Repo, commit);
        string Local(string name) => Path.Combine(snapshot, name.Replace('/', Path.DirectorySeparatorChar));
        if (files.Count == 1)
        {
            return new HubDatasetSplit(location, commit, Local(files[0].Name), files);
        }
        var folder = Path.GetDirectoryName(Local(files[0].Name))!;
        var config = Path.GetFileName(folder) == location.Split;
        var pattern = Path.Combine(folder, config ? "*" + HubDatasetLayout.Extension : location.Split + "-*" + HubDatasetLayout.Extension);
        var expanded = DataFiles.Expand(pattern);
        if (!expanded.SequenceEqual(files.Select(f => Local(f.Name)), StringComparer.Ordinal))
        {
            throw new HubException(DataErrorCodes.HubDatasetSplitMissing,
                $"{location}: the split's files ({string.Join(", ", files.Select(f => f.Name))}) do not share one folder and name prefix, which is how MlOps reads shards; use the Hub's data/<split>-*.parquet layout");
        }
        return new HubDatasetSplit(location, commit, pattern, files);
    }

    private static HubException SplitMissing(HubDatasetLocation location, string commit, IReadOnlyList<string> repoFiles)
    {
        var splits = HubDatasetLayout.Splits(repoFiles);
        var has = splits.Count == 0
            ? "it has no Parquet files at all (data/<split>-*.parquet); the Hub keeps a Parquet conversion of most datasets on the branch refs/convert/parquet: add @refs%2Fconvert%2Fparquet to the location"
            : $"its splits are: {string.Join(", ", splits)}; name one after the dataset ({HubDatasetLocation.Prefix}{location.Repo.RepoId}@{Uri.EscapeDataString(location.Repo.Revision)}/{splits[0]})";
        return new HubException(DataErrorCodes.HubDatasetSplitMissing,
            $"{location.Repo} (commit {commit}) has no Parquet files for split '{location.Split}'{(location.Config is null ? "" : $" of config '{location.Config}'")}: {has}");
    }
}
