using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Timeout;

namespace MlOps.Mlflow.Rest;

/// <summary>
/// Sends one API call through the resilience pipeline and turns the answer into JSON or an
/// <see cref="MlflowException"/> naming the call, the status and MLflow's error_code/message.
/// </summary>
internal sealed class MlflowHttpTransport
{
    private readonly HttpClient http;
    private readonly MlflowRestOptions options;
    private readonly ResiliencePipeline<HttpAnswer> pipeline;
    private readonly ILogger logger;

    public MlflowHttpTransport(HttpClient http, MlflowRestOptions options, ILogger? logger)
    {
        this.http = http;
        this.options = options;
        this.logger = logger ?? NullLogger.Instance;
        pipeline = MlflowResiliencePipeline.Create(options, OnRetry);
    }

    private void OnRetry(string call, int attempt, string reason, TimeSpan delay)
    {
        MlflowTelemetry.Retries.Add(1, new KeyValuePair<string, object?>("mlflow.call", call));
        MlflowLog.Retrying(logger, call, attempt, reason, delay.TotalMilliseconds);
    }

    public Task<JsonNode> PostAsync(string path, JsonNode body, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, path, () => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), ct);

    public Task<JsonNode> GetAsync(string pathAndQuery, CancellationToken ct) => SendAsync(HttpMethod.Get, pathAndQuery, null, ct);

    public Task<JsonNode> PutFileAsync(string path, string localFile, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, path, () =>
        {
            var content = new ByteArrayContent(File.ReadAllBytes(localFile));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return content;
        }, ct);

    /// <summary>PATCH with a JSON body (logged-models finalize and tags).</summary>
    public Task<JsonNode> PatchAsync(string path, JsonNode body, CancellationToken ct) =>
        SendAsync(HttpMethod.Patch, path, () => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), ct);

    /// <summary>DELETE with a JSON body, as MLflow's Python client sends it (e.g. registered-models/alias).</summary>
    public Task<JsonNode> DeleteAsync(string path, JsonNode body, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, path, () => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), ct);

    /// <summary>
    /// GET whose successful answer is not JSON but content, handed to <paramref name="receive"/> as a stream
    /// (never read whole into memory). A retried attempt calls <paramref name="receive"/> again from the start.
    /// </summary>
    public Task DownloadAsync(string path, Func<Stream, CancellationToken, Task> receive, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, path, null, ct, receive);

    /// <summary><paramref name="path"/> is relative to the tracking URI, e.g. <c>api/2.0/mlflow/runs/create</c>.</summary>
    private async Task<JsonNode> SendAsync(HttpMethod method, string path, Func<HttpContent>? content, CancellationToken ct, Func<Stream, CancellationToken, Task>? receive = null)
    {
        var route = path.Split('?')[0];
        var call = $"{method} {route.Replace("api/2.0/mlflow/", "", StringComparison.Ordinal)}";
        var uri = new Uri(new Uri(options.TrackingUri.AbsoluteUri.TrimEnd('/') + "/"), path);
        using var activity = MlflowTelemetry.StartCall(call, method, options.TrackingUri, route);
        var clock = Stopwatch.StartNew();
        var attempts = 0;
        HttpAnswer? answer = null;
        string? errorType = null;
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(MlflowResiliencePipeline.CallKey, call);
        try
        {
            answer = await pipeline.ExecuteAsync(async (ctx, _) =>
            {
                attempts++;
                using var request = new HttpRequestMessage(method, uri) { Content = content?.Invoke() };
                await AddHeadersAsync(request, ctx.CancellationToken).ConfigureAwait(false);
                var completion = receive is null ? HttpCompletionOption.ResponseContentRead : HttpCompletionOption.ResponseHeadersRead;
                using var response = await http.SendAsync(request, completion, ctx.CancellationToken).ConfigureAwait(false);
                string text;
                if (receive is not null && response.IsSuccessStatusCode)
                {
                    var stream = await response.Content.ReadAsStreamAsync(ctx.CancellationToken).ConfigureAwait(false);
                    await using (stream.ConfigureAwait(false))
                    {
                        await receive(stream, ctx.CancellationToken).ConfigureAwait(false);
                    }
                    text = "";
                }
                else
                {
                    text = await response.Content.ReadAsStringAsync(ctx.CancellationToken).ConfigureAwait(false);
                }
                var retryAfter = response.Headers.RetryAfter is { } ra
                    ? ra.Delta ?? (ra.Date is { } d ? d - DateTimeOffset.UtcNow : null)
                    : null;
                var result = new HttpAnswer(response.StatusCode, text, retryAfter);
                if (response.IsSuccessStatusCode && ParseJson(result.Body) is null)
                {
                    throw new MalformedAnswerException($"{call}: the answer is not JSON ({Snippet(Redact(text))})");
                }
                return result;
            }, context, 0).ConfigureAwait(false);
            errorType = (int)answer.Status is >= 200 and < 300 ? null : ((int)answer.Status).ToString(System.Globalization.CultureInfo.InvariantCulture);
            MlflowLog.CallCompleted(logger, call, (int)answer.Status, attempts, clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutRejectedException or MalformedAnswerException)
        {
            errorType = e.GetType().FullName;
            var reason = Redact($"{Describe(e)} at {options.TrackingUri.Scheme}://{options.TrackingUri.Host}:{options.TrackingUri.Port}, after {options.MaxRetries + 1} attempts at most{(options.TotalTimeout is { } total ? $" (limit {total.TotalSeconds:0.#}s)" : "")}.");
            MlflowLog.Unavailable(logger, call, attempts, reason);
            throw new MlflowUnavailableException(call, null, reason, e);
        }
        catch (Exception e)
        {
            errorType = e.GetType().FullName;
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            MlflowTelemetry.EndCall(activity, method, route, clock.Elapsed, answer is null ? null : (int)answer.Status, errorType, attempts);
        }
        return Interpret(call, answer);
    }

    /// <summary>As MLflow: provider headers first, then the Authorization from the credentials replaces theirs.</summary>
    private async Task AddHeadersAsync(HttpRequestMessage request, CancellationToken ct)
    {
        foreach (var provider in options.RequestHeaderProviders)
        {
            foreach (var (name, value) in await provider.GetHeadersAsync(request.RequestUri!, ct).ConfigureAwait(false))
            {
                request.Headers.Remove(name);
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
        if (options.AuthorizationHeader is { } authorization)
        {
            request.Headers.Remove("Authorization");
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
    }

    /// <summary>
    /// A server may echo the request (a proxy's 401/403/502 page showing the Authorization header): its
    /// message and body excerpt pass through <see cref="SecretText"/> before they become part of an exception.
    /// </summary>
    private string Redact(string text) => SecretText.Redact(text, options.Secrets)!;

    private JsonNode Interpret(string call, HttpAnswer answer)
    {
        var json = ParseJson(answer.Body);
        if ((int)answer.Status is >= 200 and < 300)
        {
            return json!;
        }
        var code = json?["error_code"]?.GetValue<string>() is { } errorCode ? Redact(errorCode) : null;
        var message = json?["message"]?.GetValue<string>() is { } said
            ? Redact(said)
            : $"{answer.Status} (not an MLflow API answer: check the tracking URI and that the server runs MLflow) {Snippet(Redact(answer.Body))}";
        if (((int)answer.Status >= 500 && !MlflowResiliencePipeline.IsPermanentServerError(answer)) || answer.Status == HttpStatusCode.TooManyRequests)
        {
            throw new MlflowUnavailableException(call, answer.Status, $"{(code is null ? "" : code + ": ")}{message} (still failing after the retries)");
        }
        throw new MlflowException(call, answer.Status, code, message);
    }

    private static JsonNode? ParseJson(string text)
    {
        try
        {
            return JsonNode.Parse(text.Length == 0 ? "{}" : text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(Exception e) => e switch
    {
        TimeoutRejectedException => "no answer in time",
        MalformedAnswerException m => m.Message,
        _ => $"cannot reach the server ({e.Message})",
    };

    private static string Snippet(string text) => text.Length <= 120 ? text.Trim() : text[..120].Trim() + "…";
}
