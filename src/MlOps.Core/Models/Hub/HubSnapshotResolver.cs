using MlOps.Contracts.Results;
using MlOps.Specs.Hub;

namespace MlOps.Core.Models.Hub;

/// <summary>
/// Resolves <c>hf://org/model@revision</c> to a local snapshot folder in the Hub cache: config.json,
/// the weights (single file, sharded index plus shards, or pytorch_model.bin) and the tokenizer
/// files the repository has. Cached, verified files are never fetched again; offline, no request is made.
/// </summary>
public sealed class HubSnapshotResolver(HubOptions options, Action<HubProgress>? progress = null)
{
    private readonly HubCache cache = new(options.CacheDirectory);

    /// <summary>Told when the Hub could not be reached and the cached snapshot was used instead.</summary>
    public Action<string>? OnWarning { get; init; }

    public HubSnapshot Resolve(HubModelId id, CancellationToken cancel = default) =>
        ResolveAsync(id, cancel).GetAwaiter().GetResult();

    public async Task<HubSnapshot> ResolveAsync(HubModelId id, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (options.Offline)
        {
            return FromCache(id);
        }
        try
        {
            return await DownloadAsync(id, cancel).ConfigureAwait(false);
        }
        catch (HubException e) when (e.Code == HubErrorCodes.Unreachable && cache.FindSnapshot(id) is { } folder && HubLayout.Missing(folder).Count == 0)
        {
            // As huggingface_hub does: no network, but the revision is cached, so use it.
            OnWarning?.Invoke($"{e.Message}; using the cached snapshot {folder}");
            return FromCache(id);
        }
    }

    private async Task<HubSnapshot> DownloadAsync(HubModelId id, CancellationToken cancel)
    {
        using var http = new HubHttp(options);
        var files = new HubFileDownloader(options, cache, http, progress);
        var config = await files.HeadAsync(id, id.Revision, HubLayout.Config, optional: false, cancel).ConfigureAwait(false);
        var commit = config!.Commit;
        // Every further file comes from that one commit, even if the branch moves meanwhile.
        var fetched = new List<HubFile> { await files.FetchAsync(id, commit, HubLayout.Config, config, cancel).ConfigureAwait(false) };

        async Task<HubFile?> Optional(string file)
        {
            var metadata = await files.HeadAsync(id, commit, file, optional: true, cancel).ConfigureAwait(false);
            return metadata is null ? null : await files.FetchAsync(id, commit, file, metadata, cancel).ConfigureAwait(false);
        }

        if (await Optional(HubLayout.SafeTensors).ConfigureAwait(false) is { } single)
        {
            fetched.Add(single);
        }
        else if (await Optional(HubLayout.SafeTensorsIndex).ConfigureAwait(false) is { } index)
        {
            fetched.Add(index);
            var indexText = await File.ReadAllTextAsync(Path.Combine(cache.SnapshotFolder(id, commit), HubLayout.SafeTensorsIndex), cancel).ConfigureAwait(false);
            foreach (var shard in HubLayout.ShardsOf(indexText))
            {
                var metadata = await files.HeadAsync(id, commit, shard, optional: false, cancel).ConfigureAwait(false);
                fetched.Add(await files.FetchAsync(id, commit, shard, metadata!, cancel).ConfigureAwait(false));
            }
        }
        else if (await Optional(HubLayout.PyTorchBin).ConfigureAwait(false) is { } bin)
        {
            fetched.Add(bin);
        }
        else
        {
            throw new HubException(HubErrorCodes.FolderLayout,
                $"{id}: the repository has no {HubLayout.SafeTensors}, {HubLayout.SafeTensorsIndex} or {HubLayout.PyTorchBin} at commit {commit}; MlOps loads weights in those forms only");
        }
        foreach (var tokenizer in HubLayout.TokenizerFiles)
        {
            if (await Optional(tokenizer).ConfigureAwait(false) is { } file)
            {
                fetched.Add(file);
            }
        }
        cache.WriteRef(id, commit);
        return new HubSnapshot(id, commit, cache.SnapshotFolder(id, commit), cache.Root, fetched);
    }

    /// <summary>HF_HUB_OFFLINE: the cached snapshot of the revision, complete, or a clear error.</summary>
    public HubSnapshot FromCache(HubModelId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var folder = cache.FindSnapshot(id);
        var missing = folder is null ? [] : HubLayout.Missing(folder);
        if (folder is null || missing.Count > 0)
        {
            var what = folder is null
                ? $"no snapshot for revision '{id.Revision}' (looked for {(id.RevisionIsCommit ? cache.SnapshotFolder(id, id.Revision) : cache.RefFile(id))})"
                : $"the cached snapshot {folder} lacks {string.Join(", ", missing)}";
            throw new HubException(HubErrorCodes.NotCached,
                $"{id} is not in the Hub cache at {cache.Root}: {what}. HF_HUB_OFFLINE is set, so nothing is downloaded: run once with network and HF_HUB_OFFLINE unset (or point HF_HOME / HF_HUB_CACHE at a cache that has it)");
        }
        var commit = Path.GetFileName(folder);
        return new HubSnapshot(id, commit, folder, cache.Root, HubFolder.Files(folder));
    }
}
