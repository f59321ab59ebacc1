using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlOps.Cli.Tests.GitHub;

/// <summary>
/// The issue-comments endpoints of the GitHub REST API on 127.0.0.1: list, create, update.
/// Keeps the comments in memory and records every request; <see cref="RefuseWith"/> answers
/// every request with that status, as GitHub does for a fork's read-only token.
/// </summary>
internal sealed partial class FakeGitHubApi : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;
    private long nextId = 100;

    public string Url { get; }
    public List<(long Id, int Issue, string Body)> Comments { get; } = [];
    public List<string> Requests { get; } = [];
    public List<string?> Authorizations { get; } = [];
    public HttpStatusCode? RefuseWith { get; set; }

    public FakeGitHubApi()
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(Url + "/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            var request = context.Request;
            var path = request.Url!.AbsolutePath;
            lock (Requests)
            {
                Requests.Add($"{request.HttpMethod} {path}");
                Authorizations.Add(request.Headers["Authorization"]);
            }
            var body = await new StreamReader(request.InputStream).ReadToEndAsync();
            var (status, json) = RefuseWith is { } refused ? ((int)refused, """{"message":"Resource not accessible by integration"}""") : Handle(request.HttpMethod, path, body);
            context.Response.StatusCode = status;
            var bytes = Encoding.UTF8.GetBytes(json);
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private (int, string) Handle(string method, string path, string body)
    {
        if (ListOrCreate().Match(path) is { Success: true } issue)
        {
            var number = int.Parse(issue.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (method == "GET")
            {
                return (200, JsonSerializer.Serialize(Comments.Where(c => c.Issue == number).Select(c => new { id = c.Id, body = c.Body })));
            }
            var created = (Interlocked.Increment(ref nextId), number, Text(body));
            Comments.Add(created);
            return (201, JsonSerializer.Serialize(new { id = created.Item1, body = created.Item3, html_url = $"https://github.com/c/{created.Item1}" }));
        }
        if (method == "PATCH" && Update().Match(path) is { Success: true } comment)
        {
            var id = long.Parse(comment.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var index = Comments.FindIndex(c => c.Id == id);
            Comments[index] = (id, Comments[index].Issue, Text(body));
            return (200, JsonSerializer.Serialize(new { id, body = Comments[index].Body }));
        }
        return (404, """{"message":"Not Found"}""");
    }

    private static string Text(string json) => JsonDocument.Parse(json).RootElement.GetProperty("body").GetString()!;

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^/repos/octo/models/issues/(\d+)/comments$")]
    private static partial Regex ListOrCreate();

    [GeneratedRegex(@"^/repos/octo/models/issues/comments/(\d+)$")]
    private static partial Regex Update();

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }
}
