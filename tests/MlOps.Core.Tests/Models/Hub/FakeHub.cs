using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace MlOps.Core.Tests.Models.Hub;

/// <summary>
/// A Hugging Face Hub stand-in on 127.0.0.1 that answers <c>/{repo}/resolve/{revision}/{file}</c>
/// like the Hub: X-Repo-Commit, ETag (git blob sha1) for small files, a 302 to a "CDN" path with
/// X-Linked-Etag (sha256) and X-Linked-Size for LFS files, Range support on the CDN, X-Error-Code
/// on 401/403/404; and <c>/api/{models|datasets}/{repo}/revision/{revision}</c> (commit and file list).
/// Datasets are repositories named <c>datasets/owner/name</c>. Faults: cut a body half way once, or serve damaged bytes.
/// </summary>
public sealed class FakeHub : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentDictionary<string, FakeRepo> repos = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> cdn = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> cutOnce = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> corrupt = new(StringComparer.Ordinal);

    public FakeHub()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        var port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        // The "CDN" answers on another host name, as the real one does, so tests can see where the token goes.
        Cdn = new Uri($"http://localhost:{port}/");
        listener.Prefixes.Add(Endpoint.AbsoluteUri);
        listener.Prefixes.Add(Cdn.AbsoluteUri);
        listener.Start();
        _ = Task.Run(AcceptLoop);
    }

    public Uri Endpoint { get; }
    public Uri Cdn { get; }

    /// <summary>"METHOD path [range]" of every request.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();
    public ConcurrentQueue<string?> Authorizations { get; } = new();

    public int Gets => Requests.Count(r => r.StartsWith("GET", StringComparison.Ordinal));

    /// <summary>Serves <paramref name="files"/> as <paramref name="repoId"/> at a fixed commit (branch main).</summary>
    public string AddRepo(string repoId, IReadOnlyDictionary<string, byte[]> files, string? requiredToken = null)
    {
        // New content is a new commit, as on the Hub.
        var commit = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(repoId + files.Count + string.Concat(files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + Sha256(f.Value))))));
        repos[repoId] = new FakeRepo(commit, files, requiredToken);
        foreach (var content in files.Values)
        {
            cdn[Sha256(content)] = content;
        }
        return commit;
    }

    /// <summary>The next download of this file stops half way (the connection drops).</summary>
    public void CutOnce(string file) => cutOnce[file] = true;

    /// <summary>Every download of this file serves other bytes of the same length.</summary>
    public void Corrupt(string file) => corrupt[file] = true;

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static string GitSha1(byte[] content) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));

    private static bool IsLfs(string file) =>
        file.EndsWith(".safetensors", StringComparison.Ordinal) || file.EndsWith(".bin", StringComparison.Ordinal) || file.EndsWith(".parquet", StringComparison.Ordinal);

    private async Task AcceptLoop()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => Handle(context));
        }
    }

    private async Task Handle(HttpListenerContext context)
    {
        var request = context.Request;
        var path = Uri.UnescapeDataString(request.Url!.AbsolutePath.TrimStart('/'));
        Requests.Enqueue($"{request.HttpMethod} {path}{(request.Headers["Range"] is { } range ? " " + range : "")}");
        Authorizations.Enqueue(request.Headers["Authorization"]);
        try
        {
            if (path.StartsWith("cdn/", StringComparison.Ordinal))
            {
                await ServeCdn(context, path["cdn/".Length..]);
                return;
            }
            if (path.StartsWith("api/", StringComparison.Ordinal))
            {
                await RevisionInfo(context, path);
                return;
            }
            await Resolve(context, path);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException or InvalidOperationException)
        {
            // The client went away or the answer was cut on purpose.
        }
    }

    private async Task Resolve(HttpListenerContext context, string path)
    {
        var parts = path.Split('/');
        var at = Array.IndexOf(parts, "resolve");
        if (at < 1 || parts.Length < at + 3)
        {
            await Error(context, 404, null);
            return;
        }
        var repoId = string.Join('/', parts[..at]);
        var revision = parts[at + 1];
        var file = string.Join('/', parts[(at + 2)..]);
        if (!repos.TryGetValue(repoId, out var repo))
        {
            await Error(context, 404, "RepoNotFound");
            return;
        }
        if (repo.RequiredToken is { } token && context.Request.Headers["Authorization"] != "Bearer " + token)
        {
            await Error(context, context.Request.Headers["Authorization"] is null ? 401 : 403, "GatedRepo");
            return;
        }
        if (revision != "main" && revision != repo.Commit)
        {
            await Error(context, 404, "RevisionNotFound");
            return;
        }
        if (!repo.Files.TryGetValue(file, out var content))
        {
            await Error(context, 404, "EntryNotFound");
            return;
        }
        var response = context.Response;
        response.Headers["X-Repo-Commit"] = repo.Commit;
        if (IsLfs(file))
        {
            response.StatusCode = 302;
            response.Headers["X-Linked-Etag"] = $"\"{Sha256(content)}\"";
            response.Headers["X-Linked-Size"] = content.Length.ToString(CultureInfo.InvariantCulture);
            response.Headers["ETag"] = $"\"{GitSha1(Encoding.UTF8.GetBytes("version https://git-lfs.github.com/spec/v1"))}\"";
            response.Headers["Location"] = new Uri(Cdn, $"cdn/{Sha256(content)}?file={Uri.EscapeDataString(file)}").AbsoluteUri;
            response.ContentLength64 = 0;
            response.Close();
            return;
        }
        response.Headers["ETag"] = $"\"{GitSha1(content)}\"";
        await Body(context, content, file);
    }

    /// <summary>api/{models|datasets}/{repo}/revision/{revision}: the commit and every file name, as the Hub's JSON has them.</summary>
    private async Task RevisionInfo(HttpListenerContext context, string path)
    {
        var parts = path.Split('/');
        var at = Array.IndexOf(parts, "revision");
        if (at < 3 || parts.Length < at + 2)
        {
            await Error(context, 404, null);
            return;
        }
        var repoId = (parts[1] == "datasets" ? "datasets/" : "") + string.Join('/', parts[2..at]);
        var revision = string.Join('/', parts[(at + 1)..]);
        if (!repos.TryGetValue(repoId, out var repo))
        {
            await Error(context, 401, "RepoNotFound");
            return;
        }
        if (repo.RequiredToken is { } token && context.Request.Headers["Authorization"] != "Bearer " + token)
        {
            await Error(context, context.Request.Headers["Authorization"] is null ? 401 : 403, "GatedRepo");
            return;
        }
        if (revision != "main" && revision != repo.Commit)
        {
            await Error(context, 404, "RevisionNotFound");
            return;
        }
        var json = System.Text.Json.JsonSerializer.Serialize(new
        {
            id = repoId.StartsWith("datasets/", StringComparison.Ordinal) ? repoId["datasets/".Length..] : repoId,
            sha = repo.Commit,
            siblings = repo.Files.Keys.Order(StringComparer.Ordinal).Select(f => new { rfilename = f }),
        });
        var body = Encoding.UTF8.GetBytes(json);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
    }

    private async Task ServeCdn(HttpListenerContext context, string sha)
    {
        if (!cdn.TryGetValue(sha, out var content))
        {
            await Error(context, 404, null);
            return;
        }
        await Body(context, content, context.Request.QueryString["file"] ?? sha);
    }

    private async Task Body(HttpListenerContext context, byte[] content, string file)
    {
        var response = context.Response;
        if (corrupt.ContainsKey(file))
        {
            content = [.. content.Select(b => (byte)(b ^ 0x5A))];
        }
        var start = 0L;
        if (context.Request.Headers["Range"] is { } range && range.StartsWith("bytes=", StringComparison.Ordinal))
        {
            start = long.Parse(range["bytes=".Length..].TrimEnd('-'), CultureInfo.InvariantCulture);
            response.StatusCode = 206;
            response.Headers["Content-Range"] = $"bytes {start}-{content.Length - 1}/{content.Length}";
        }
        response.ContentLength64 = content.Length - start;
        if (context.Request.HttpMethod == "HEAD")
        {
            response.Close();
            return;
        }
        if (cutOnce.TryRemove(file, out _))
        {
            var half = (int)(content.Length - start) / 2;
            await response.OutputStream.WriteAsync(content.AsMemory((int)start, half));
            await response.OutputStream.FlushAsync();
            await Task.Delay(50);
            response.Abort();
            return;
        }
        await response.OutputStream.WriteAsync(content.AsMemory((int)start));
        response.Close();
    }

    private static async Task Error(HttpListenerContext context, int status, string? code)
    {
        var body = Encoding.UTF8.GetBytes($"{{\"error\":\"{code ?? "not found"}\"}}");
        context.Response.StatusCode = status;
        if (code is not null)
        {
            context.Response.Headers["X-Error-Code"] = code;
        }
        context.Response.ContentLength64 = body.Length;
        if (context.Request.HttpMethod != "HEAD")
        {
            await context.Response.OutputStream.WriteAsync(body);
        }
        context.Response.Close();
    }

    public void Dispose() => listener.Close();

    private sealed record FakeRepo(string Commit, IReadOnlyDictionary<string, byte[]> Files, string? RequiredToken);
}
