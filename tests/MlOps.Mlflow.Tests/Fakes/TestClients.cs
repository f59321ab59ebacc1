using MlOps.Mlflow.Outbox;
using MlOps.Mlflow.Rest;

namespace MlOps.Mlflow.Tests.Fakes;

internal static class TestClients
{
    /// <summary>Tiny delays so retry tests take milliseconds, not minutes.</summary>
    public static MlflowRestOptions FastOptions(Uri uri) => new()
    {
        TrackingUri = uri,
        MaxRetries = 3,
        BackoffFactor = TimeSpan.FromMilliseconds(1), BackoffJitter = TimeSpan.Zero,
        MaxBackoff = TimeSpan.FromMilliseconds(50),
        RequestTimeout = TimeSpan.FromSeconds(2),
        TotalTimeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>The outbox's tag keys in tests: a prefix of the tests' own, no product's.</summary>
    public static OutboxTags Tags { get; } = OutboxTags.WithPrefix("test");

    public static MlflowRestClient Client(FakeMlflowServer server) => new(FastOptions(server.Uri));

    public static MlflowRestClient Client(Uri uri) => new(FastOptions(uri));

    /// <summary>A URI nobody listens on: connections are refused at once.</summary>
    public static Uri DeadUri() => new($"http://127.0.0.1:{FakeMlflowServer.FreePort()}/");

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "mlops-mlflow-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
