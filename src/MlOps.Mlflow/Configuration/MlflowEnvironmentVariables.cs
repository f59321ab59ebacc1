namespace MlOps.Mlflow.Configuration;

/// <summary>
/// The environment variables MLflow's Python client reads (<c>mlflow/environment_variables.py</c>),
/// with the same names, types and defaults, so one environment configures both clients.
/// </summary>
public static class MlflowEnvironmentVariables
{
    /// <summary>Where runs go: <c>http(s)://host:port</c> for a server, a folder or <c>file:</c> URI for a local store.</summary>
    public const string TrackingUri = "MLFLOW_TRACKING_URI";

    /// <summary>Basic auth user; used only together with <see cref="TrackingPassword"/>.</summary>
    public const string TrackingUsername = "MLFLOW_TRACKING_USERNAME";

    /// <summary>Basic auth password; used only together with <see cref="TrackingUsername"/>.</summary>
    public const string TrackingPassword = "MLFLOW_TRACKING_PASSWORD";

    /// <summary>Bearer token, sent when username and password are not both set (as MLflow does).</summary>
    public const string TrackingToken = "MLFLOW_TRACKING_TOKEN";

    /// <summary><c>true</c>/<c>1</c> skips TLS certificate verification (default false).</summary>
    public const string TrackingInsecureTls = "MLFLOW_TRACKING_INSECURE_TLS";

    /// <summary>A PEM file of the CA certificate(s) the server's certificate must chain to.</summary>
    public const string TrackingServerCertPath = "MLFLOW_TRACKING_SERVER_CERT_PATH";

    /// <summary>A PEM file with the client certificate (and its key) for mutual TLS.</summary>
    public const string TrackingClientCertPath = "MLFLOW_TRACKING_CLIENT_CERT_PATH";

    /// <summary>Retries after the first attempt on connection errors, timeouts, 429 and 5xx (default 7, below 10).</summary>
    public const string HttpRequestMaxRetries = "MLFLOW_HTTP_REQUEST_MAX_RETRIES";

    /// <summary>Seconds of the first backoff; each retry doubles it (default 2, below 120).</summary>
    public const string HttpRequestBackoffFactor = "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR";

    /// <summary>At most this many random seconds are added to each backoff (default 1.0).</summary>
    public const string HttpRequestBackoffJitter = "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER";

    /// <summary>Seconds one HTTP request may take (default 120).</summary>
    public const string HttpRequestTimeout = "MLFLOW_HTTP_REQUEST_TIMEOUT";

    /// <summary>Whether a 429/503 answer's Retry-After header sets the wait (default true).</summary>
    public const string HttpRespectRetryAfterHeader = "MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER";
}
