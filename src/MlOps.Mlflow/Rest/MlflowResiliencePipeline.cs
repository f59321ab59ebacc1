using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace MlOps.Mlflow.Rest;

/// <summary>
/// The retry policy of every REST call: exponential backoff with jitter on connection errors,
/// attempt timeouts, malformed answers, 429 (Retry-After honoured) and 5xx; the whole call is
/// bounded by <see cref="MlflowRestOptions.TotalTimeout"/>.
/// </summary>
internal static class MlflowResiliencePipeline
{
    /// <summary>MaxRetries 0 (MLOPS_TRACKING_MAX_RETRIES=0) means one attempt: Polly refuses a retry strategy with none.</summary>
    public static ResiliencePipeline<HttpAnswer> Create(MlflowRestOptions options)
    {
        var builder = new ResiliencePipelineBuilder<HttpAnswer>().AddTimeout(options.TotalTimeout);
        if (options.MaxRetries > 0)
        {
            builder = builder.AddRetry(Retry(options));
        }
        return builder.AddTimeout(options.AttemptTimeout).Build();
    }

    private static RetryStrategyOptions<HttpAnswer> Retry(MlflowRestOptions options) =>
        new()
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            ShouldHandle = new PredicateBuilder<HttpAnswer>()
                .Handle<HttpRequestException>()
                .Handle<IOException>()
                .Handle<TimeoutRejectedException>()
                .Handle<MalformedAnswerException>()
                .HandleResult(a => a.Status == HttpStatusCode.TooManyRequests || (int)a.Status >= 500),
            DelayGenerator = args => ValueTask.FromResult(
                args.Outcome.Result?.RetryAfter is { } wait ? (TimeSpan?)Min(wait, options.MaxDelay) : null),
        };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
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
