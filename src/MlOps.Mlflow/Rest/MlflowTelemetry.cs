using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MlOps.Mlflow.Rest;

/// <summary>
/// The names to subscribe to with OpenTelemetry (<c>AddSource</c>, <c>AddMeter</c>): one client span per
/// MLflow call (HttpClient adds one per attempt below it) and call duration/retry metrics, tagged with
/// OpenTelemetry's HTTP attribute names.
/// </summary>
public static class MlflowTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> and <see cref="Meter"/> name.</summary>
    public const string SourceName = "MlOps.Mlflow";

    /// <summary>Histogram of whole calls (all attempts), in seconds.</summary>
    public const string CallDurationInstrument = "mlflow.client.call.duration";

    /// <summary>Counter of retried attempts.</summary>
    public const string RetriesInstrument = "mlflow.client.call.retries";

    internal static readonly ActivitySource Source = new(SourceName, typeof(MlflowTelemetry).Assembly.GetName().Version?.ToString());

    private static readonly Meter Meter = new(SourceName, typeof(MlflowTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Histogram<double> CallDuration = Meter.CreateHistogram<double>(CallDurationInstrument, "s", "Duration of MLflow API calls, retries included.");

    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>(RetriesInstrument, "{retry}", "MLflow API attempts that were retried.");

    /// <summary>A span for one call, e.g. <c>POST runs/log-batch</c>; null when nobody listens.</summary>
    internal static Activity? StartCall(string call, HttpMethod method, Uri server, string route)
    {
        var activity = Source.StartActivity(call, ActivityKind.Client);
        activity?.SetTag("http.request.method", method.Method);
        activity?.SetTag("server.address", server.Host);
        activity?.SetTag("server.port", server.Port);
        activity?.SetTag("url.template", route);
        return activity;
    }

    /// <summary>Ends the span and records the call's duration with its outcome.</summary>
    internal static void EndCall(Activity? activity, HttpMethod method, string route, TimeSpan elapsed, int? status, string? errorType, int attempts)
    {
        var tags = new TagList { { "http.request.method", method.Method }, { "url.template", route } };
        if (status is { } code)
        {
            tags.Add("http.response.status_code", code);
            activity?.SetTag("http.response.status_code", code);
        }
        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
            activity?.SetTag("error.type", errorType);
            activity?.SetStatus(ActivityStatusCode.Error);
        }
        activity?.SetTag("mlflow.attempts", attempts);
        activity?.Dispose();
        CallDuration.Record(elapsed.TotalSeconds, tags);
    }
}
