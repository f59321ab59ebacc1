using System.Globalization;
using MlOps.Mlflow.Rest;

namespace MlOps.Core.Tracking;

/// <summary>
/// The product's tracking settings mapped onto the MLflow client's options. The client reads MLflow's
/// own variables (MLFLOW_TRACKING_*, MLFLOW_HTTP_REQUEST_*); the product adds a bound on one call
/// (a build must not wait minutes for a dead server before it falls back to the outbox) and keeps its
/// older MLOPS_TRACKING_* names, which win over MLflow's when set.
/// </summary>
public static class TrackingClientSettings
{
    /// <summary>Retries after the first attempt (→ <see cref="MlflowRestOptions.MaxRetries"/>).</summary>
    public const string MaxRetriesVariable = "MLOPS_TRACKING_MAX_RETRIES";
    /// <summary>Seconds one HTTP attempt may take (→ <see cref="MlflowRestOptions.RequestTimeout"/>).</summary>
    public const string TimeoutVariable = "MLOPS_TRACKING_TIMEOUT_SECONDS";
    /// <summary>Seconds all attempts of one call may take together (→ <see cref="MlflowRestOptions.TotalTimeout"/>, default 120).</summary>
    public const string TotalTimeoutVariable = "MLOPS_TRACKING_TOTAL_TIMEOUT_SECONDS";
    /// <summary>Milliseconds of the first backoff (→ <see cref="MlflowRestOptions.BackoffFactor"/> and its jitter).</summary>
    public const string BaseDelayVariable = "MLOPS_TRACKING_RETRY_DELAY_MS";

    /// <summary>The product's default bound on one call, all retries included.</summary>
    public static readonly TimeSpan DefaultTotalTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Options for the server at <paramref name="trackingUri"/>; a value that does not parse keeps the default.</summary>
    public static MlflowRestOptions ForServer(Uri trackingUri, Func<string, string?> environment) =>
        Apply(MlflowRestOptions.FromEnvironment(trackingUri, environment), environment);

    /// <summary>The product's bounds and MLOPS_TRACKING_* values applied to options built elsewhere (a Databricks workspace's).</summary>
    public static MlflowRestOptions Apply(MlflowRestOptions options, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        options = options with { TotalTimeout = DefaultTotalTimeout };
        if (Number(environment, MaxRetriesVariable) is { } retries)
        {
            options = options with { MaxRetries = (int)Math.Min(retries, 100) };
        }
        if (Number(environment, TimeoutVariable) is { } seconds and > 0)
        {
            options = options with { RequestTimeout = TimeSpan.FromSeconds(seconds) };
        }
        if (Number(environment, TotalTimeoutVariable) is { } total and > 0)
        {
            options = options with { TotalTimeout = TimeSpan.FromSeconds(total) };
        }
        if (Number(environment, BaseDelayVariable) is { } ms)
        {
            options = options with { BackoffFactor = TimeSpan.FromMilliseconds(ms), BackoffJitter = TimeSpan.FromMilliseconds(ms) };
        }
        return options;
    }

    private static long? Number(Func<string, string?> environment, string variable) =>
        long.TryParse(environment(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? Math.Min(value, 86_400_000) : null;
}
