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

    /// <summary>Options for <paramref name="trackingUri"/> with credentials from MLFLOW_TRACKING_* variables.</summary>
    public static MlflowRestOptions FromEnvironment(Uri trackingUri) => new()
    {
        TrackingUri = trackingUri,
        Token = NonEmpty(Environment.GetEnvironmentVariable("MLFLOW_TRACKING_TOKEN")),
        Username = NonEmpty(Environment.GetEnvironmentVariable("MLFLOW_TRACKING_USERNAME")),
        Password = NonEmpty(Environment.GetEnvironmentVariable("MLFLOW_TRACKING_PASSWORD")),
    };

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>Credentials are never part of the printed form.</summary>
    public override string ToString() =>
        $"{TrackingUri} (auth: {(Token is not null ? "bearer token" : Username is not null ? "basic" : "none")}, retries: {MaxRetries}, total: {TotalTimeout})";
}
