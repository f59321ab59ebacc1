using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using MlOps.Mlflow.Rest;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.Rest;

/// <summary>Each call is one OpenTelemetry-style span and one duration measurement; retries are logged, secrets never.</summary>
public sealed class TelemetryAndLoggingTests : IDisposable
{
    private readonly FakeMlflowServer server = new();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task A_retried_call_is_one_span_with_http_attributes_and_one_duration_measurement()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MlflowTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var durations = new ConcurrentQueue<(double Seconds, Dictionary<string, object?> Tags)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == MlflowTelemetry.SourceName && instrument.Name == MlflowTelemetry.CallDurationInstrument)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<double>((_, value, tags, _) => durations.Enqueue((value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        meters.Start();
        using var client = TestClients.Client(server);
        server.Enqueue(Fault.ServerError());

        await client.SearchExperimentsAsync(10);

        var span = Assert.Single(spans, s => s.GetTagItem("server.port") is int port && port == server.Uri.Port);
        Assert.Equal("POST experiments/search", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("POST", span.GetTagItem("http.request.method"));
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal(2, span.GetTagItem("mlflow.attempts"));
        Assert.Contains(durations, d => "api/2.0/mlflow/experiments/search".Equals(d.Tags["url.template"]) && d.Seconds > 0);
    }

    [Fact]
    public async Task Retries_and_unavailability_are_logged_without_credentials()
    {
        var logger = new ListLogger();
        using var client = new MlflowRestClient(TestClients.FastOptions(server.Uri) with { Token = "s3cr3t", MaxRetries = 1 }, logger: logger);
        server.Enqueue(Fault.ServerError());
        server.Enqueue(Fault.ServerError());

        await Assert.ThrowsAsync<MlflowUnavailableException>(() => client.SearchExperimentsAsync(10));

        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("POST experiments/search attempt 1 failed (HTTP 500)", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Entries, e => e.Message.Contains("s3cr3t", StringComparison.Ordinal));
    }

    private sealed class ListLogger : ILogger<MlflowRestClient>
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, formatter(state, exception)));
    }
}
