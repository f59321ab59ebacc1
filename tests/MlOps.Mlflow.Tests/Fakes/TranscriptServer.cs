using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace MlOps.Mlflow.Tests.Fakes;

/// <summary>
/// Replays a transcript recorded from a real MLflow server (Rest/Transcripts/*.txt) on 127.0.0.1: each
/// request gets the first unused exchange with its method, path and query and the same body, else the first
/// unused one with its method and path, else the last one used for that method and path again (a retry
/// meets what the server answered before). Anything else is MLflow's 404 page.
/// </summary>
public sealed class TranscriptServer : IDisposable
{
    private readonly List<Exchange> exchanges;
    private readonly HashSet<int> used = [];
    private readonly Lock gate = new();
    private readonly LoopbackHttpServer server;

    public TranscriptServer(string transcript)
    {
        exchanges = Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Rest", "Transcripts", transcript)));
        server = new LoopbackHttpServer(Handle);
    }

    public Uri Uri => server.Uri;

    /// <summary>"METHOD path?query" of every request, retries included.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Recorded exchanges no request has met yet, as "METHOD path?query".</summary>
    public IReadOnlyList<string> Unused
    {
        get
        {
            lock (gate)
            {
                return exchanges.Where((_, i) => !used.Contains(i)).Select(e => e.Target).ToList();
            }
        }
    }

    private sealed record Exchange(string Method, string Target, string? Request, int Status, string Answer)
    {
        public string Path => Target.Split('?')[0];
    }

    private static List<Exchange> Parse(string text)
    {
        var result = new List<Exchange>();
        foreach (var block in System.Text.RegularExpressions.Regex.Split(text, "^----- ", System.Text.RegularExpressions.RegexOptions.Multiline).Skip(1))
        {
            var lines = block.TrimEnd('\n').Split('\n');
            var head = lines[0].Split(' ', 2);
            var request = lines[1].StartsWith("request: ", StringComparison.Ordinal) ? lines[1]["request: ".Length..].Replace("\\n", "\n", StringComparison.Ordinal) : null;
            var answer = string.Join('\n', lines[(request is null ? 1 : 2)..^1]);
            var status = int.Parse(lines[^1]["HTTP ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            result.Add(new Exchange(head[0], head[1], request, status, answer));
        }
        return result;
    }

    private async Task Handle(HttpListenerContext context)
    {
        var request = context.Request;
        var target = request.RawUrl!;
        Requests.Enqueue($"{request.HttpMethod} {target}");
        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body);
        var text = Encoding.UTF8.GetString(body.ToArray());
        Exchange? match;
        lock (gate)
        {
            var path = target.Split('?')[0];
            var index = Find(e => e.Method == request.HttpMethod && e.Target == target && (e.Request is null || e.Request == text));
            if (index < 0)
            {
                index = Find(e => e.Method == request.HttpMethod && e.Path == path);
            }
            if (index >= 0)
            {
                used.Add(index);
                match = exchanges[index];
            }
            else
            {
                match = exchanges.Where((e, i) => used.Contains(i) && e.Method == request.HttpMethod && e.Path == path).LastOrDefault();
            }
        }
        var (status, answer) = match is null
            ? (404, "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n")
            : (match.Status, match.Answer);
        var bytes = Encoding.UTF8.GetBytes(answer);
        context.Response.StatusCode = status;
        context.Response.ContentType = answer.StartsWith('<') ? "text/html; charset=utf-8" : "application/json";
        context.Response.ContentLength64 = bytes.Length;
        try
        {
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
        {
            // The client gave up.
        }
    }

    private int Find(Func<Exchange, bool> predicate)
    {
        for (var i = 0; i < exchanges.Count; i++)
        {
            if (!used.Contains(i) && predicate(exchanges[i]))
            {
                return i;
            }
        }
        return -1;
    }

    public void Dispose() => server.Dispose();
}
