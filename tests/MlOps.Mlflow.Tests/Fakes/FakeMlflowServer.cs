using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MlOps.Mlflow.Tests.Fakes;

/// <summary>
/// An MLflow 3.5 stand-in on 127.0.0.1 whose answers copy shared/mlflow's transcripts (bodies,
/// error shapes, quirks), with injectable faults to exercise retries and the outbox.
/// </summary>
public sealed class FakeMlflowServer : IDisposable
{
    private readonly LoopbackHttpServer server;
    private readonly ConcurrentQueue<Fault> faults = new();

    public FakeMlflowServer()
    {
        server = new LoopbackHttpServer(Handle);
    }

    public Uri Uri => server.Uri;
    public FakeMlflowState State { get; } = new();
    /// <summary>"METHOD path" of every request, faults included.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();
    public ConcurrentQueue<string?> AuthorizationHeaders { get; } = new();
    /// <summary>Every request as received, headers other than Authorization and body included: what a leak scan reads.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>Injected faults no request has met yet: a test that expects its faults to fire checks this is 0.</summary>
    public int PendingFaults => faults.Count;

    /// <summary>The next request (matching <see cref="Fault.PathContains"/>) gets this answer instead.</summary>
    public void Enqueue(Fault fault) => faults.Enqueue(fault);

    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task Handle(HttpListenerContext context)
    {
        var request = context.Request;
        var path = request.Url!.AbsolutePath.TrimStart('/');
        Requests.Enqueue($"{request.HttpMethod} {path}");
        AuthorizationHeaders.Enqueue(request.Headers["Authorization"]);
        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body);
        Received.Enqueue($"{request.HttpMethod} {request.Url}\n{string.Join("\n", request.Headers.AllKeys.Where(k => k != "Authorization").Select(k => $"{k}: {request.Headers[k]}"))}\n{Encoding.UTF8.GetString(body.ToArray())}");
        try
        {
            if (faults.TryPeek(out var fault) && (fault.PathContains is null || path.Contains(fault.PathContains, StringComparison.Ordinal)) && faults.TryDequeue(out fault))
            {
                await Task.Delay(fault.Delay);
                if (fault.RetryAfterSeconds is { } seconds)
                {
                    context.Response.Headers["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                // A proxy or server that echoes the request: {authorization} stands for the header it received.
                await Write(context, fault.Status, fault.Body.Replace(Fault.EchoedAuthorization, request.Headers["Authorization"] ?? "", StringComparison.Ordinal));
                return;
            }
            if (request.HttpMethod == "GET" && path.StartsWith(FakeMlflowState.ArtifactsApi + "/", StringComparison.Ordinal))
            {
                await WriteFile(context, State.Download(path[(FakeMlflowState.ArtifactsApi.Length + 1)..]));
                return;
            }
            var (status, answer) = State.Answer(request.HttpMethod, path, request.Url.Query, request.ContentType, body.ToArray());
            await Write(context, status, answer);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
        {
            // The client gave up on a slow answer.
        }
    }

    /// <summary>A file as the artifact proxy streams it, or its 404.</summary>
    private static async Task WriteFile(HttpListenerContext context, byte[]? bytes)
    {
        if (bytes is null)
        {
            await Write(context, 404, FakeMlflowState.Error(404, "RESOURCE_DOES_NOT_EXIST", "File not found").Item2);
            return;
        }
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private static async Task Write(HttpListenerContext context, int status, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = body.StartsWith('<') ? "text/html; charset=utf-8" : "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    public void Dispose() => server.Dispose();
}

/// <summary>One injected answer: status, body (possibly truncated JSON or HTML), delay, Retry-After.</summary>
public sealed record Fault(int Status, string Body = "{}", TimeSpan Delay = default, int? RetryAfterSeconds = null, string? PathContains = null)
{
    /// <summary>In a fault's body, replaced by the Authorization header of the request it answers.</summary>
    public const string EchoedAuthorization = "{authorization}";

    public static Fault ServerError(string? path = null) =>
        new(500, "{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"database is locked\"}", PathContains: path);

    public static Fault Truncated(string? path = null) => new(200, "{\"experiment\": {\"experiment_id\": \"26", PathContains: path);

    public static Fault Slow(TimeSpan delay, string? path = null) => new(200, "{}", delay, PathContains: path);

    public static Fault TooManyRequests(int retryAfterSeconds) =>
        new(429, "{\"error_code\": \"REQUEST_LIMIT_EXCEEDED\", \"message\": \"Too many requests\"}", RetryAfterSeconds: retryAfterSeconds);
}
