using MlOps.Mlflow.Rest;

namespace MlOps.Mlflow.Hosted;

/// <summary>
/// A Databricks workspace reached by a <c>databricks</c> or <c>databricks://&lt;profile&gt;</c> tracking URI,
/// resolved as MLflow's Python client resolves it through the Databricks SDK's unified auth:
/// <list type="number">
/// <item>the profile is the URI's, else <c>DATABRICKS_CONFIG_PROFILE</c>;</item>
/// <item><c>DATABRICKS_HOST</c>, <c>DATABRICKS_TOKEN</c>, <c>DATABRICKS_CLIENT_ID</c>, <c>DATABRICKS_CLIENT_SECRET</c> come first;</item>
/// <item>the config file (<c>DATABRICKS_CONFIG_FILE</c>, else <c>~/.databrickscfg</c>) fills only what they left unset, from the
/// profile (else <c>[DEFAULT]</c>), and is not read at all when no profile is named and the environment already gives a host or credentials;</item>
/// <item>a personal access token and OAuth M2M client credentials together are refused, as the SDK refuses them.</item>
/// </list>
/// Secrets never appear in messages or <see cref="ToString"/>.
/// </summary>
public sealed class DatabricksWorkspace
{
    private const string HostVariable = "DATABRICKS_HOST";
    private const string TokenVariable = "DATABRICKS_TOKEN";
    private const string ClientIdVariable = "DATABRICKS_CLIENT_ID";
    private const string ClientSecretVariable = "DATABRICKS_CLIENT_SECRET";
    private const string ProfileVariable = "DATABRICKS_CONFIG_PROFILE";
    private const string ConfigFileVariable = "DATABRICKS_CONFIG_FILE";

    private readonly string? token;
    private readonly string? clientId;
    private readonly string? clientSecret;

    private DatabricksWorkspace(Uri host, string? profile, string? token, string? clientId, string? clientSecret)
    {
        Host = host;
        Profile = profile;
        this.token = token;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    /// <summary>The workspace URL (<c>https://</c> added when the host has no scheme, as the SDK does).</summary>
    public Uri Host { get; }

    /// <summary>The config-file profile used, if any.</summary>
    public string? Profile { get; }

    /// <summary><c>pat</c> (personal access token) or <c>oauth-m2m</c> (service principal client credentials).</summary>
    public string AuthType => token is not null ? "pat" : "oauth-m2m";

    /// <summary>True for <c>databricks</c> and <c>databricks://…</c>.</summary>
    /// <param name="uri">A tracking URI.</param>
    public static bool IsDatabricksUri(string uri) =>
        uri is not null && (uri.Equals("databricks", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("databricks://", StringComparison.OrdinalIgnoreCase));

    /// <summary>Resolves the workspace for <paramref name="trackingUri"/>; throws <see cref="ArgumentException"/> saying what is missing or ambiguous.</summary>
    /// <param name="trackingUri"><c>databricks</c> or <c>databricks://&lt;profile&gt;</c>.</param>
    /// <param name="environment">Variable lookup; the process environment when null.</param>
    /// <param name="homeDirectory">Where <c>~/.databrickscfg</c> is looked for; the user's home when null.</param>
    public static DatabricksWorkspace Resolve(string trackingUri, Func<string, string?>? environment = null, string? homeDirectory = null)
    {
        if (!IsDatabricksUri(trackingUri))
        {
            throw new ArgumentException($"'{trackingUri}' is not a databricks tracking URI (databricks or databricks://<profile>).", nameof(trackingUri));
        }
        var env = environment ?? Environment.GetEnvironmentVariable;
        string? Env(string name) => env(name) is { Length: > 0 } v ? v.Trim() : null;
        var uriProfile = trackingUri.Length > "databricks://".Length ? trackingUri["databricks://".Length..].TrimEnd('/') : null;
        if (uriProfile is not null && uriProfile.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'databricks://{uriProfile}' names a secret scope (scope:prefix), which only works inside Databricks: use databricks://<profile> or DATABRICKS_HOST with credentials.", nameof(trackingUri));
        }
        var profile = uriProfile ?? Env(ProfileVariable);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, variable) in Keys)
        {
            if (Env(variable) is { } value)
            {
                values[key] = value;
            }
        }
        var file = Env(ConfigFileVariable) ?? Path.Combine(homeDirectory ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".databrickscfg");
        // As the SDK: without a named profile, a host or credentials from the environment mean the file is not read.
        if (profile is not null || values.Count == 0)
        {
            foreach (var (key, value) in DatabricksConfigFile.Profile(file, profile))
            {
                values.TryAdd(key, value);
            }
        }
        var where = profile is null ? "the environment" : $"profile '{profile}' of {file} and the environment";
        if (!values.TryGetValue("host", out var host))
        {
            throw new ArgumentException($"No Databricks host in {where}: set {HostVariable} (and {TokenVariable}, or {ClientIdVariable} and {ClientSecretVariable}), or name a profile of ~/.databrickscfg (databricks://<profile> or {ProfileVariable}).");
        }
        var pat = values.GetValueOrDefault("token");
        var id = values.GetValueOrDefault("client_id");
        var secret = values.GetValueOrDefault("client_secret");
        if (pat is not null && (id is not null || secret is not null))
        {
            throw new ArgumentException($"More than one Databricks authorization method in {where}: a token (pat) and client credentials (oauth-m2m). Keep one.");
        }
        if (pat is null && (id is null || secret is null))
        {
            throw new ArgumentException($"No Databricks credentials in {where}: set {TokenVariable}, or both {ClientIdVariable} and {ClientSecretVariable} (a service principal's OAuth secret).");
        }
        var url = host.Contains("://", StringComparison.Ordinal) ? host : "https://" + host;
        return new DatabricksWorkspace(new Uri(url.TrimEnd('/')), profile, pat, id, secret);
    }

    /// <summary>
    /// REST options for the workspace: its host as the tracking URI, the token as bearer, or a header
    /// provider that fetches and renews an OAuth token (client credentials at the workspace's OIDC token endpoint).
    /// </summary>
    /// <param name="environment">Variable lookup for the MLFLOW_* retry and TLS settings; the process environment when null.</param>
    /// <param name="http">The HttpClient the OAuth provider uses for the token endpoint; a new one when null.</param>
    public MlflowRestOptions ToRestOptions(Func<string, string?>? environment = null, HttpClient? http = null)
    {
        var options = MlflowRestOptions.FromEnvironment(Host, environment) with { Username = null, Password = null, Token = token, UseLoggedModels = false, DatabricksArtifacts = true };
        return token is not null
            ? options
            : options with { RequestHeaderProviders = [.. options.RequestHeaderProviders, new DatabricksOAuthProvider(Host, clientId!, clientSecret!, http)] };
    }

    /// <summary>Host, profile and auth type; never a secret.</summary>
    public override string ToString() => $"{Host} (profile: {Profile ?? "none"}, auth: {AuthType})";

    private static readonly (string Key, string Variable)[] Keys =
    [
        ("host", HostVariable), ("token", TokenVariable), ("client_id", ClientIdVariable), ("client_secret", ClientSecretVariable),
    ];
}
