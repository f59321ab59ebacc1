using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace MlOps.Mlflow.Rest;

/// <summary>
/// The retry policy of every REST call, as MLflow's Python client retries (urllib3 Retry): on connection
/// errors, attempt timeouts, malformed answers, 429 and 5xx, waiting BackoffFactor × 2^(n-1) plus up to
/// BackoffJitter (or the answer's Retry-After); the whole call is bounded by
/// <see cref="MlflowRestOptions.TotalTimeout"/> when one is set.
/// </summary>
internal static class MlflowResiliencePipeline
{
    /// <summary>The call name (e.g. <c>POST runs/log-batch</c>) travels in the context so retries can be told about it.</summary>
    public static readonly ResiliencePropertyKey<string> CallKey = new("mlflow.call");

    /// <summary>MaxRetries 0 means one attempt: Polly refuses a retry strategy with none.</summary>
    /// <param name="options">Retry and timeout settings.</param>
    /// <param name="onRetry">Told before each retry: the call, the failed attempt (1-based), why, and the wait.</param>
    public static ResiliencePipeline<HttpAnswer> Create(MlflowRestOptions options, Action<string, int, string, TimeSpan>? onRetry = null)
    {
        var builder = new ResiliencePipelineBuilder<HttpAnswer>();
        if (options.TotalTimeout is { } total)
        {
            builder = builder.AddTimeout(total);
        }
        if (options.MaxRetries > 0)
        {
            builder = builder.AddRetry(Retry(options, onRetry));
        }
        return builder.AddTimeout(options.RequestTimeout).Build();
    }

    /// <summary>The wait before retry <paramref name="retry"/> (0 for the first): Retry-After when respected, else exponential plus jitter.</summary>
    public static TimeSpan Backoff(MlflowRestOptions options, int retry, TimeSpan? retryAfter)
    {
        if (retryAfter is { } wait && options.RespectRetryAfterHeader)
        {
            return Min(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, options.MaxBackoff);
        }
        var exponential = options.BackoffFactor.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30));
        var jitter = Random.Shared.NextDouble() * options.BackoffJitter.TotalMilliseconds;
        return Min(TimeSpan.FromMilliseconds(Math.Min(exponential + jitter, options.MaxBackoff.TotalMilliseconds)), options.MaxBackoff);
    }

    private static RetryStrategyOptions<HttpAnswer> Retry(MlflowRestOptions options, Action<string, int, string, TimeSpan>? onRetry) =>
        new()
        {
            MaxRetryAttempts = options.MaxRetries,
            ShouldHandle = new PredicateBuilder<HttpAnswer>()
                .Handle<HttpRequestException>()
                .Handle<IOException>()
                .Handle<TimeoutRejectedException>()
                .Handle<MalformedAnswerException>()
                .HandleResult(a => a.Status == HttpStatusCode.TooManyRequests || ((int)a.Status >= 500 && !IsPermanentServerError(a))),
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Backoff(options, args.AttemptNumber, args.Outcome.Result?.RetryAfter)),
            OnRetry = args =>
            {
                var reason = args.Outcome.Exception?.GetType().Name ?? $"HTTP {(int)args.Outcome.Result!.Status}";
                onRetry?.Invoke(args.Context.Properties.GetValue(CallKey, ""), args.AttemptNumber + 1, reason, args.RetryDelay);
                return ValueTask.CompletedTask;
            },
        };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>
    /// MLflow's file-store backend (3.5 and 3.6) answers two caller errors with HTTP 500 INTERNAL_ERROR where
    /// the sqlite backend answers 400/404: a param logged again with another value, and a version of a
    /// registered model that does not exist (after retrying it 3 times itself). Every retry gets the same
    /// answer (recorded in tests' Rest/Transcripts/mlflow-3.6-file-store-differences.txt), so these are not
    /// retried and surface as <see cref="MlflowException"/>, not as an unavailable server.
    /// </summary>
    internal static bool IsPermanentServerError(HttpAnswer answer)
    {
        if (answer.Status != HttpStatusCode.InternalServerError || !answer.Body.Contains("\"INTERNAL_ERROR\"", StringComparison.Ordinal))
        {
            return false;
        }
        try
        {
            var message = System.Text.Json.Nodes.JsonNode.Parse(answer.Body)?["message"]?.GetValue<string>() ?? "";
            return message.StartsWith("Changing param values is not allowed.", StringComparison.Ordinal)
                || (message.StartsWith("Model Version creation error", StringComparison.Ordinal)
                    && message.Contains("Registered Model with name=", StringComparison.Ordinal)
                    && message.Contains(" not found", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return false;
        }
    }
}

/// <summary>A fully read HTTP answer: status, body and the Retry-After the server asked for.</summary>
internal sealed record HttpAnswer(HttpStatusCode Status, string Body, TimeSpan? RetryAfter);

/// <summary>A 2xx answer whose body is not the JSON the API promises (truncated, HTML…); retried.</summary>
internal sealed class MalformedAnswerException : Exception
{
    public MalformedAnswerException() { }

    public MalformedAnswerException(string message) : base(message) { }

    public MalformedAnswerException(string message, Exception inner) : base(message, inner) { }
}
