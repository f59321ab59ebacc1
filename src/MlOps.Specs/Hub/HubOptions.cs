namespace MlOps.Specs.Hub;

/// <summary>
/// Where the Hub and its cache are, read from the same environment variables as Python's
/// huggingface_hub, so both share one cache. The token is only ever sent, never printed.
/// </summary>
public sealed class HubOptions
{
    public static readonly Uri DefaultEndpoint = new("https://huggingface.co");

    /// <summary>The hub cache root: the folder that holds models--org--name/.</summary>
    public required string CacheDirectory { get; init; }
    public Uri Endpoint { get; init; } = DefaultEndpoint;
    /// <summary>Sent as <c>Authorization: Bearer</c> to the endpoint's host only; never logged.</summary>
    public string? Token { get; init; }
    /// <summary>HF_HUB_OFFLINE: use the cache and make no request at all.</summary>
    public bool Offline { get; init; }
    /// <summary>Retries after the first attempt for 5xx, dropped connections and timeouts.</summary>
    public int MaxRetries { get; init; } = 4;
    /// <summary>First backoff delay; it doubles with each retry (with jitter).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>How long one request may wait for headers, and one read of a body for bytes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>HF_HUB_CACHE, else HF_HOME/hub, else XDG_CACHE_HOME/huggingface/hub, else ~/.cache/huggingface/hub.</summary>
    public static HubOptions FromEnvironment(Func<string, string?>? environment = null)
    {
        var env = environment ?? Environment.GetEnvironmentVariable;
        var home = Expand(Value(env, "HF_HOME"))
            ?? Path.Combine(Expand(Value(env, "XDG_CACHE_HOME")) ?? Path.Combine(UserHome(), ".cache"), "huggingface");
        var cache = Expand(Value(env, "HF_HUB_CACHE")) ?? Path.Combine(home, "hub");
        var endpoint = Value(env, "HF_ENDPOINT") is { } e && Uri.TryCreate(e.TrimEnd('/'), UriKind.Absolute, out var uri) ? uri : DefaultEndpoint;
        return new HubOptions
        {
            CacheDirectory = Path.GetFullPath(cache),
            Endpoint = endpoint,
            Token = Value(env, "HF_TOKEN") ?? Value(env, "HUGGING_FACE_HUB_TOKEN") ?? TokenFile(Expand(Value(env, "HF_TOKEN_PATH")) ?? Path.Combine(home, "token")),
            Offline = IsTrue(Value(env, "HF_HUB_OFFLINE")),
        };
    }

    /// <summary>huggingface_hub's truth values: 1, ON, YES, TRUE (any case).</summary>
    public static bool IsTrue(string? value) =>
        value?.Trim().ToUpperInvariant() is "1" or "ON" or "YES" or "TRUE";

    private static string? Value(Func<string, string?> env, string name) => env(name) is { Length: > 0 } v ? v.Trim() : null;

    private static string? Expand(string? path) =>
        path is null ? null : path == "~" || path.StartsWith("~/", StringComparison.Ordinal) ? UserHome() + path[1..] : path;

    private static string UserHome() => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    /// <summary>`huggingface-cli login` keeps the token in this file.</summary>
    private static string? TokenFile(string path)
    {
        try
        {
            return File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } token ? token : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public override string ToString() =>
        $"endpoint {Endpoint}, cache {CacheDirectory}, token {(Token is null ? "not set" : "set")}, offline {Offline}";
}
