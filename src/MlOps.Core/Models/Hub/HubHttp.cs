using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using MlOps.Specs.Hub;

namespace MlOps.Core.Models.Hub;

/// <summary>
/// The Hub's <c>resolve</c> endpoint, spoken like huggingface_hub: HEAD for the commit, etag and
/// size (stopping at the CDN redirect, whose headers carry them), then GET with <c>Range</c> to
/// resume a partial file. Redirects are followed by hand so the token never leaves the endpoint's host.
/// </summary>
internal sealed class HubHttp(HubOptions options) : IDisposable
{
    private const int MaxRedirects = 10;
    private readonly HttpClient client = new(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan, // per-request and per-read timeouts are ours
    };

    public Uri ResolveUrl(HubModelId id, string revision, string file) =>
        new($"{options.Endpoint.AbsoluteUri.TrimEnd('/')}/{id.UrlPath}/resolve/{Uri.EscapeDataString(revision)}/{string.Join('/', file.Split('/').Select(Uri.EscapeDataString))}");

    /// <summary>The file's metadata, or null for a file the repository does not have (when <paramref name="optional"/>).</summary>
    public async Task<HubFileMetadata?> HeadAsync(HubModelId id, string revision, string file, bool optional, CancellationToken cancel)
    {
        var url = ResolveUrl(id, revision, file);
        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, url);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
            using var response = await SendAsync(request, url, file, cancel).ConfigureAwait(false);
            var location = response.Headers.Location;
            if ((int)response.StatusCode is >= 300 and < 400 && location is not null && !location.IsAbsoluteUri)
            {
                url = new Uri(url, location); // a renamed repository: the Hub redirects relatively
                continue;
            }
            HubStatus.ThrowIfError(response, id, file, optional, options.Token is not null);
            if ((int)response.StatusCode >= 400)
            {
                return null;
            }
            var commit = Header(response, "X-Repo-Commit");
            var etag = Header(response, "X-Linked-Etag") ?? response.Headers.ETag?.Tag ?? Header(response, "ETag");
            var size = Header(response, "X-Linked-Size") is { } linked ? long.Parse(linked, CultureInfo.InvariantCulture) : response.Content.Headers.ContentLength ?? -1;
            if (commit is null || etag is null)
            {
                throw new HubException(HubErrorCodes.Unreachable,
                    $"{id}: {options.Endpoint} answered for {file} without X-Repo-Commit or ETag; is HF_ENDPOINT a Hugging Face Hub?");
            }
            etag = Unquote(etag);
            // Both become folder and file names in the cache: nothing but a sha and a plain token may pass.
            if (!HubModelId.IsCommitSha(commit) || etag.Length == 0 || !etag.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw new HubException(HubErrorCodes.Unreachable,
                    $"{id}: {options.Endpoint} answered for {file} with a commit or ETag that is not a plain hash; is HF_ENDPOINT a Hugging Face Hub?");
            }
            return new HubFileMetadata(commit, etag, size, location is { IsAbsoluteUri: true } ? location : url);
        }
        throw new HubException(HubErrorCodes.Unreachable, $"{id}: more than {MaxRedirects} redirects for {file}");
    }

    /// <summary>
    /// The commit a revision points to and every file of the repository there, as huggingface_hub's
    /// snapshot_download lists them: <c>GET /api/{models|datasets}/{repo}/revision/{revision}</c>.
    /// </summary>
    public async Task<HubRepoListing> ListAsync(HubModelId id, CancellationToken cancel)
    {
        var kind = id.Kind == HubRepoKind.Dataset ? "datasets" : "models";
        var url = new Uri($"{options.Endpoint.AbsoluteUri.TrimEnd('/')}/api/{kind}/{id.RepoId}/revision/{Uri.EscapeDataString(id.Revision)}");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = await SendAsync(request, url, "the file list", cancel).ConfigureAwait(false);
        HubStatus.ThrowIfError(response, id, "the file list", optional: false, options.Token is not null);
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false));
            var root = document.RootElement;
            var commit = root.GetProperty("sha").GetString() ?? "";
            var files = root.GetProperty("siblings").EnumerateArray().Select(f => f.GetProperty("rfilename").GetString() ?? "").ToList();
            // Both become cache paths: only a sha, and relative names that stay inside the snapshot.
            if (!HubModelId.IsCommitSha(commit) || files.Any(f => f.Length == 0 || f.StartsWith('/') || f.Contains('\\', StringComparison.Ordinal) || f.Split('/').Contains("..")))
            {
                throw new System.Text.Json.JsonException("a commit that is not a sha, or a file name that leaves the repository");
            }
            return new HubRepoListing(commit, files);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new HubException(HubErrorCodes.Unreachable, $"{id}: {options.Endpoint} answered the file list with something else than the Hub's ({e.Message}); is HF_ENDPOINT a Hugging Face Hub?", e);
        }
    }

    /// <summary>
    /// Downloads <paramref name="location"/> into <paramref name="partial"/>, continuing from its
    /// current length with a Range request. Throws <see cref="HubTransientException"/> on a cut.
    /// </summary>
    public async Task DownloadAsync(HubModelId id, string file, Uri location, string partial, long size, Action<long> onBytes, CancellationToken cancel)
    {
        var have = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        if (size >= 0 && have >= size)
        {
            return; // complete already; verification decides whether it is right
        }
        var url = location;
        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (have > 0)
            {
                request.Headers.Range = new RangeHeaderValue(have, null);
            }
            using var response = await SendAsync(request, url, file, cancel, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } next)
            {
                url = next.IsAbsoluteUri ? next : new Uri(url, next);
                continue;
            }
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                File.Delete(partial);
                throw new HubTransientException($"the Hub refused to resume {file}; starting it again");
            }
            HubStatus.ThrowIfError(response, id, file, optional: false, options.Token is not null);
            // 206: the rest follows; 200: the server ignored the range, so start over.
            var append = response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From == have;
            await CopyAsync(response, partial, append ? have : 0, onBytes, cancel).ConfigureAwait(false);
            return;
        }
        throw new HubException(HubErrorCodes.Unreachable, $"{id}: more than {MaxRedirects} redirects for {file}");
    }

    private async Task CopyAsync(HttpResponseMessage response, string partial, long start, Action<long> onBytes, CancellationToken cancel)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        await using var body = await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
        await using var output = new FileStream(partial, start > 0 ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        var buffer = new byte[1 << 16];
        var written = start;
        while (true)
        {
            stall.CancelAfter(options.Timeout);
            int read;
            try
            {
                read = await body.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                throw new HubTransientException($"no bytes for {options.Timeout.TotalSeconds:0} s");
            }
            catch (IOException e)
            {
                throw new HubTransientException($"the connection dropped after {written} bytes: {e.Message}", e);
            }
            if (read == 0)
            {
                return;
            }
            await output.WriteAsync(buffer.AsMemory(0, read), cancel).ConfigureAwait(false);
            written += read;
            onBytes(written);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, Uri url, string file, CancellationToken cancel,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        // huggingface_hub sends the token to the Hub only, never to the CDN it redirects to.
        if (options.Token is { } token && string.Equals(url.Authority, options.Endpoint.Authority, StringComparison.OrdinalIgnoreCase))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        request.Headers.UserAgent.ParseAdd("mlops/1 (huggingface_hub-compatible)");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(options.Timeout);
        try
        {
            return await client.SendAsync(request, completion, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new HubTransientException($"no answer for {file} within {options.Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            throw new HubTransientException($"{e.Message} ({url.Authority})", e);
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? values.FirstOrDefault() : null;

    private static string Unquote(string etag) => etag.StartsWith("W/", StringComparison.Ordinal) ? Unquote(etag[2..]) : etag.Trim('"');

    public void Dispose() => client.Dispose();
}
