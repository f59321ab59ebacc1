namespace MlOps.Mlflow.Rest;

/// <summary>Where the server is, how to authenticate and how long to keep trying.</summary>
public sealed record MlflowRestOptions
{
    public required Uri TrackingUri { get; init; }
    /// <summary>Bearer token (MLFLOW_TRACKING_TOKEN); wins over username/password.</summary>
    public string? Token { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }
    /// <summary>Retries after the first attempt for connection errors, timeouts, 429 and 5xx.</summary>
    public int MaxRetries { get; init; } = 5;
    /// <summary>First backoff delay; grows exponentially with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>One HTTP attempt, body included.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Every attempt of one call together; past it the server counts as unavailable.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries after the first attempt (default 5).</summary>
    public const string MaxRetriesVariable = "MLOPS_TRACKING_MAX_RETRIES";
    /// <summary>Seconds one HTTP attempt may take (default 30).</summary>
    public const string TimeoutVariable = "MLOPS_TRACKING_TIMEOUT_SECONDS";
    /// <summary>Seconds all attempts of one call may take together (default 120).</summary>
    public const string TotalTimeoutVariable = "MLOPS_TRACKING_TOTAL_TIMEOUT_SECONDS";
    /// <summary>Milliseconds of the first backoff delay (default 1000); CI with a flaky server tunes it, tests shrink it.</summary>
    public const string BaseDelayVariable = "MLOPS_TRACKING_RETRY_DELAY_MS";

    /// <summary>
    /// Options for <paramref name="trackingUri"/>: credentials from MLFLOW_TRACKING_* variables, retry
    /// budget from MLOPS_TRACKING_* variables (a value that does not parse keeps the default).
    /// </summary>
    public static MlflowRestOptions FromEnvironment(Uri trackingUri)
    {
        var defaults = new MlflowRestOptions { TrackingUri = trackingUri };
        var baseDelay = Number(BaseDelayVariable) is { } ms ? TimeSpan.FromMilliseconds(ms) : defaults.BaseDelay;
        return defaults with
        {
            Token = NonEmpty(Environment.GetEnvironmentVariable("MLFLOW_TRACKING_TOKEN")),
            Username = NonEmpty(Environment.GetEnvironmentVariable("MLFLOW_TRACKING_USERNAME")),
            Password = NonEmpty(Environment.GetEnvironmentVariable("MLFLOW_TRACKING_PASSWORD")),
            MaxRetries = Number(MaxRetriesVariable) is { } retries ? (int)Math.Min(retries, 100) : defaults.MaxRetries,
            AttemptTimeout = Number(TimeoutVariable) is { } seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : defaults.AttemptTimeout,
            TotalTimeout = Number(TotalTimeoutVariable) is { } total && total > 0 ? TimeSpan.FromSeconds(total) : defaults.TotalTimeout,
            BaseDelay = baseDelay,
            MaxDelay = baseDelay > defaults.MaxDelay ? baseDelay : defaults.MaxDelay,
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static long? Number(string variable) =>
        long.TryParse(Environment.GetEnvironmentVariable(variable), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? Math.Min(value, 86_400_000)
            : null;

    /// <summary>Credentials are never part of the printed form.</summary>
    public override string ToString() =>
        $"{TrackingUri} (auth: {(Token is not null ? "bearer token" : Username is not null ? "basic" : "none")}, retries: {MaxRetries}, total: {TotalTimeout})";
}
