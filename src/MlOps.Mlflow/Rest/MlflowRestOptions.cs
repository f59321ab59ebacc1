using MlOps.Mlflow.Configuration;

namespace MlOps.Mlflow.Rest;

/// <summary>
/// Where the server is, how to authenticate, how to trust it and how long to keep trying. Defaults are
/// MLflow's own (<see cref="MlflowEnvironmentVariables"/>); <see cref="FromEnvironment"/> reads them.
/// </summary>
public sealed record MlflowRestOptions
{
    /// <summary>The server's base URI, e.g. <c>http://127.0.0.1:5000</c>.</summary>
    public required Uri TrackingUri { get; init; }

    /// <summary>Bearer token (<c>MLFLOW_TRACKING_TOKEN</c>); used when username and password are not both set.</summary>
    public string? Token { get; init; }

    /// <summary>Basic auth user (<c>MLFLOW_TRACKING_USERNAME</c>); with <see cref="Password"/> it wins over <see cref="Token"/>, as in MLflow.</summary>
    public string? Username { get; init; }

    /// <summary>Basic auth password (<c>MLFLOW_TRACKING_PASSWORD</c>).</summary>
    public string? Password { get; init; }

    /// <summary>
    /// Extra headers for every request, asked for on each attempt (so a refreshed token is picked up).
    /// An Authorization header from <see cref="Token"/> or <see cref="Username"/> replaces theirs, as in MLflow.
    /// </summary>
    public IReadOnlyList<IMlflowRequestHeaderProvider> RequestHeaderProviders { get; init; } = [];

    /// <summary>Skip TLS certificate verification (<c>MLFLOW_TRACKING_INSECURE_TLS</c>); for test servers only.</summary>
    public bool InsecureTls { get; init; }

    /// <summary>PEM file of the CA certificate(s) to trust instead of the system store (<c>MLFLOW_TRACKING_SERVER_CERT_PATH</c>).</summary>
    public string? ServerCertPath { get; init; }

    /// <summary>PEM file with the client certificate and key for mutual TLS (<c>MLFLOW_TRACKING_CLIENT_CERT_PATH</c>).</summary>
    public string? ClientCertPath { get; init; }

    /// <summary>Retries after the first attempt on connection errors, timeouts, malformed answers, 429 and 5xx; 0 means one attempt.</summary>
    public int MaxRetries { get; init; } = 7;

    /// <summary>The first backoff; retry n waits BackoffFactor × 2^(n-1) plus jitter.</summary>
    public TimeSpan BackoffFactor { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>At most this much random time is added to each backoff.</summary>
    public TimeSpan BackoffJitter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>No single wait, Retry-After included, is longer (urllib3's 120 s bound, which MLflow uses).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>One HTTP attempt, body included (<c>MLFLOW_HTTP_REQUEST_TIMEOUT</c>).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Wait as long as a 429/5xx answer's Retry-After says (<c>MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER</c>).</summary>
    public bool RespectRetryAfterHeader { get; init; } = true;

    /// <summary>
    /// Whether <see cref="MlflowRestClient.CreateLoggedModelAsync"/> creates MLflow 3 logged models. False for
    /// hosted workspaces (Databricks, Azure ML), whose artifact stores this client cannot upload to yet: the
    /// caller then keeps to run-artifact registration, as with an MLflow 2 server.
    /// </summary>
    public bool UseLoggedModels { get; init; } = true;

    /// <summary>Databricks: run artifacts go to signed storage URLs from credentials-for-write, not through mlflow-artifacts.</summary>
    internal bool DatabricksArtifacts { get; init; }

    /// <summary>Azure ML: the workspace's artifact API path (<c>/artifact/v2.0/subscriptions/…/workspaces/&lt;name&gt;</c>) run artifacts are stored through.</summary>
    internal string? AzureMlArtifactApi { get; init; }

    /// <summary>
    /// Every attempt of one call together; past it the server counts as unavailable. MLflow has no such
    /// bound (null, the default): set it when a caller must not wait minutes for a dead server.
    /// </summary>
    public TimeSpan? TotalTimeout { get; init; }

    /// <summary>
    /// Options as MLflow's Python client would configure itself: <paramref name="trackingUri"/>, else
    /// <c>MLFLOW_TRACKING_URI</c>; credentials, TLS and retry settings from the <c>MLFLOW_*</c> variables
    /// (<see cref="MlflowEnvironmentVariables"/>). A value that does not parse, or is past MLflow's limits,
    /// throws <see cref="ArgumentException"/> naming the variable.
    /// </summary>
    /// <param name="trackingUri">Explicit server URI; wins over <c>MLFLOW_TRACKING_URI</c>, as <c>mlflow.set_tracking_uri</c> does.</param>
    /// <param name="environment">Variable lookup; the process environment when null (tests pass a dictionary).</param>
    public static MlflowRestOptions FromEnvironment(Uri? trackingUri = null, Func<string, string?>? environment = null)
    {
        var env = new EnvironmentValues(environment ?? Environment.GetEnvironmentVariable);
        var uri = trackingUri
            ?? (env.Text(MlflowEnvironmentVariables.TrackingUri) is { } text
                ? new Uri(text, UriKind.Absolute)
                : throw new ArgumentException($"No MLflow server given: pass a tracking URI or set {MlflowEnvironmentVariables.TrackingUri}.", nameof(trackingUri)));
        var defaults = new MlflowRestOptions { TrackingUri = uri };
        var retries = env.Integer(MlflowEnvironmentVariables.HttpRequestMaxRetries) ?? defaults.MaxRetries;
        var factor = env.Integer(MlflowEnvironmentVariables.HttpRequestBackoffFactor);
        var jitter = env.Number(MlflowEnvironmentVariables.HttpRequestBackoffJitter);
        var timeout = env.Integer(MlflowEnvironmentVariables.HttpRequestTimeout);
        // MLflow's own limits (_MLFLOW_HTTP_REQUEST_MAX_RETRIES_LIMIT, _MAX_BACKOFF_FACTOR_LIMIT).
        Require(retries is >= 0 and < 10, MlflowEnvironmentVariables.HttpRequestMaxRetries, "from 0 to 9");
        Require(factor is null or (>= 0 and < 120), MlflowEnvironmentVariables.HttpRequestBackoffFactor, "from 0 to 119 seconds");
        Require(jitter is null or >= 0, MlflowEnvironmentVariables.HttpRequestBackoffJitter, "0 or more seconds");
        Require(timeout is null or > 0, MlflowEnvironmentVariables.HttpRequestTimeout, "1 or more seconds");
        return defaults with
        {
            Token = env.Text(MlflowEnvironmentVariables.TrackingToken),
            Username = env.Text(MlflowEnvironmentVariables.TrackingUsername),
            Password = env.Text(MlflowEnvironmentVariables.TrackingPassword),
            InsecureTls = env.Flag(MlflowEnvironmentVariables.TrackingInsecureTls) ?? false,
            ServerCertPath = env.Text(MlflowEnvironmentVariables.TrackingServerCertPath),
            ClientCertPath = env.Text(MlflowEnvironmentVariables.TrackingClientCertPath),
            MaxRetries = retries,
            BackoffFactor = factor is { } f ? TimeSpan.FromSeconds(f) : defaults.BackoffFactor,
            BackoffJitter = jitter is { } j ? TimeSpan.FromSeconds(j) : defaults.BackoffJitter,
            RequestTimeout = timeout is { } t ? TimeSpan.FromSeconds(t) : defaults.RequestTimeout,
            RespectRetryAfterHeader = env.Flag(MlflowEnvironmentVariables.HttpRespectRetryAfterHeader) ?? defaults.RespectRetryAfterHeader,
        };
    }

    /// <summary>The Authorization header MLflow would send: basic when username and password are both set, else bearer, else none.</summary>
    internal string? AuthorizationHeader => Username is { Length: > 0 } user && Password is { Length: > 0 } password
        ? "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}"))
        : Token is { Length: > 0 } token ? "Bearer " + token : null;

    /// <summary>What must never appear in a message: the token, the password and the Authorization header's value (the base64 of user:password).</summary>
    internal IReadOnlyList<string?> Secrets => [Token, Password, AuthorizationHeader?.Split(' ', 2)[1]];

    /// <summary>Credentials are never part of the printed form.</summary>
    public override string ToString()
    {
        var auth = AuthorizationHeader?.Split(' ')[0].ToLowerInvariant() switch { "basic" => "basic", "bearer" => "bearer token", _ => "none" };
        var total = TotalTimeout is { } t ? t.ToString() : "unbounded";
        return $"{TrackingUri} (auth: {auth}, retries: {MaxRetries}, request timeout: {RequestTimeout}, total: {total})";
    }

    private static void Require(bool valid, string variable, string range)
    {
        if (!valid)
        {
            throw new ArgumentException($"{variable} must be {range}; fix or unset the environment variable.");
        }
    }
}
