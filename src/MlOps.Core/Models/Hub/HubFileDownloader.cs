using MlOps.Contracts.Results;
using MlOps.Specs.Hub;
using Polly;
using Polly.Retry;

namespace MlOps.Core.Models.Hub;

/// <summary>
/// Brings one file into the cache: HEAD (retried), then, unless its verified blob is already
/// there, GET into <c>blobs/&lt;etag&gt;.incomplete</c> (resumed across retries and runs), verify
/// the hash, and move it into place atomically. Then the snapshot links to it.
/// </summary>
internal sealed class HubFileDownloader(HubOptions options, HubCache cache, HubHttp http, Action<HubProgress>? progress)
{
    private readonly ResiliencePipeline retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<HubTransientException>(),
            MaxRetryAttempts = Math.Max(1, options.MaxRetries),
            Delay = options.RetryDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .Build();

    public async Task<HubFileMetadata?> HeadAsync(HubModelId id, string revision, string file, bool optional, CancellationToken cancel) =>
        await Transient(id, file, token => http.HeadAsync(id, revision, file, optional, token), cancel).ConfigureAwait(false);

    public async Task<HubRepoListing> ListAsync(HubModelId id, CancellationToken cancel) =>
        await Transient(id, "the file list", token => http.ListAsync(id, token), cancel).ConfigureAwait(false);

    /// <summary>The file in the snapshot of <paramref name="commit"/>, downloaded only when its blob is not cached.</summary>
    public async Task<HubFile> FetchAsync(HubModelId id, string commit, string file, HubFileMetadata metadata, CancellationToken cancel)
    {
        var blob = cache.BlobFile(id, metadata.Etag);
        if (!cache.HasInSnapshot(id, commit, file, metadata.Etag))
        {
            if (!File.Exists(blob))
            {
                using var writer = await HubFileLock.AcquireAsync(cache, id, metadata.Etag, cancel).ConfigureAwait(false);
                if (!File.Exists(blob)) // another process may have finished it while this one waited
                {
                    await DownloadAsync(id, file, metadata, blob, cancel).ConfigureAwait(false);
                }
            }
            cache.Link(id, commit, file, metadata.Etag);
        }
        return new HubFile(file, HubDigest.Label(metadata.Etag), metadata.Size);
    }

    private async Task DownloadAsync(HubModelId id, string file, HubFileMetadata metadata, string blob, CancellationToken cancel)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
        var partial = blob + ".incomplete";
        progress?.Invoke(new HubProgress(id, file, File.Exists(partial) ? new FileInfo(partial).Length : 0, metadata.Size));
        await Transient(id, file, async token =>
        {
            await http.DownloadAsync(id, file, metadata.Location, partial, metadata.Size,
                bytes => progress?.Invoke(new HubProgress(id, file, bytes, metadata.Size)), token).ConfigureAwait(false);
            return true;
        }, cancel).ConfigureAwait(false);

        if (HubDigest.Mismatch(partial, metadata.Etag, metadata.Size) is { } wrong)
        {
            File.Delete(partial); // a wrong file must never be resumed, linked or trusted
            throw new HubException(HubErrorCodes.IntegrityFailed,
                $"{id}: {file} failed verification ({wrong}, expected {HubDigest.Label(metadata.Etag)}); the download was discarded. Run again; if it keeps failing the Hub or a proxy serves damaged content");
        }
        File.Move(partial, blob, overwrite: true);
    }

    private async Task<T> Transient<T>(HubModelId id, string file, Func<CancellationToken, Task<T>> action, CancellationToken cancel)
    {
        try
        {
            return await retry.ExecuteAsync(async token => await action(token).ConfigureAwait(false), cancel).ConfigureAwait(false);
        }
        catch (HubTransientException e)
        {
            throw new HubException(HubErrorCodes.Unreachable,
                $"{id}: could not fetch {file} from {options.Endpoint} after {Math.Max(1, options.MaxRetries) + 1} attempts ({e.Message}). "
                + "Check the network (or HF_ENDPOINT); a partial download is kept and resumes next time; with the model cached, HF_HUB_OFFLINE=1 skips the Hub", e);
        }
    }
}
