using System.Text.RegularExpressions;
using MlOps.Mlflow.Rest;

namespace MlOps.Mlflow.Hosted;

/// <summary>
/// An Azure Machine Learning workspace's MLflow endpoint, from the tracking URI the workspace shows
/// (<c>azureml://&lt;region&gt;.api.azureml.ms/mlflow/v1.0/subscriptions/&lt;id&gt;/resourceGroups/&lt;rg&gt;/providers/Microsoft.MachineLearningServices/workspaces/&lt;name&gt;</c>):
/// requests go to <c>https://</c> that host and path, as the azureml-mlflow plugin sends them, with an
/// Entra ID bearer token from the first credential that is configured, in DefaultAzureCredential's order:
/// a service principal secret (<c>AZURE_TENANT_ID</c>, <c>AZURE_CLIENT_ID</c>, <c>AZURE_CLIENT_SECRET</c>),
/// workload identity (<c>AZURE_FEDERATED_TOKEN_FILE</c> with the tenant and client ids: GitHub OIDC, AKS),
/// then the Azure CLI's login (<c>az account get-access-token</c>). Tokens never appear in messages.
/// </summary>
public sealed partial class AzureMlWorkspace
{
    private AzureMlWorkspace(Uri endpoint, AzureTokenSource source)
    {
        Endpoint = endpoint;
        Source = source;
    }

    /// <summary>The workspace's MLflow endpoint; REST paths (<c>api/2.0/mlflow/…</c>) go below it.</summary>
    public Uri Endpoint { get; }

    /// <summary><c>client-secret</c>, <c>workload-identity</c> or <c>azure-cli</c>.</summary>
    public string CredentialKind => Source.Kind;

    internal AzureTokenSource Source { get; }

    /// <summary>True for <c>azureml://…</c>.</summary>
    /// <param name="uri">A tracking URI.</param>
    public static bool IsAzureMlUri(string uri) => uri is not null && uri.StartsWith("azureml://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The endpoint and credential for <paramref name="trackingUri"/>; <see cref="ArgumentException"/> when the URI or the credentials do not do.</summary>
    /// <param name="trackingUri">The workspace's <c>azureml://</c> tracking URI.</param>
    /// <param name="environment">Variable lookup; the process environment when null.</param>
    public static AzureMlWorkspace Resolve(string trackingUri, Func<string, string?>? environment = null) =>
        Resolve(trackingUri, environment, "https");

    /// <summary>Tests reach a 127.0.0.1 stand-in over plain http.</summary>
    internal static AzureMlWorkspace Resolve(string trackingUri, Func<string, string?>? environment, string scheme)
    {
        if (!IsAzureMlUri(trackingUri))
        {
            throw new ArgumentException("not an azureml:// tracking URI.", nameof(trackingUri));
        }
        var rest = trackingUri["azureml://".Length..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            // Old URIs carried a token in the query (auth=…): never used, never echoed.
            rest = rest[..query];
        }
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? "" : rest[slash..].TrimEnd('/');
        if (host.Length == 0 || !WorkspacePath().IsMatch(path))
        {
            throw new ArgumentException("an azureml:// tracking URI is <host>/mlflow/v1.0/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.MachineLearningServices/workspaces/<name>: copy it from the workspace (az ml workspace show --query mlflow_tracking_uri).", nameof(trackingUri));
        }
        var source = AzureTokenSource.Select(environment ?? Environment.GetEnvironmentVariable);
        return new AzureMlWorkspace(new Uri($"{scheme}://{host}{path}"), source);
    }

    /// <summary>REST options: the endpoint as tracking URI, a token from the credential on every request (renewed before it expires).</summary>
    /// <param name="environment">Variable lookup for the MLFLOW_* retry and TLS settings; the process environment when null.</param>
    /// <param name="http">The HttpClient for the token endpoint; a shared one when null.</param>
    public MlflowRestOptions ToRestOptions(Func<string, string?>? environment = null, HttpClient? http = null)
    {
        var options = MlflowRestOptions.FromEnvironment(Endpoint, environment) with
        {
            Username = null,
            Password = null,
            Token = null,
            UseLoggedModels = false,
            // The artifact service sits beside the MLflow endpoint on the same regional host (/artifact/v2.0/… for /mlflow/v1.0/…).
            AzureMlArtifactApi = "/artifact/v2.0" + Endpoint.AbsolutePath["/mlflow/v1.0".Length..],
        };
        return options with { RequestHeaderProviders = [.. options.RequestHeaderProviders, new AzureTokenProvider(Source, http)] };
    }

    /// <summary>The endpoint and the kind of credential; never a secret.</summary>
    public override string ToString() => $"{Endpoint} (credential: {CredentialKind})";

    [GeneratedRegex("^/mlflow/v1\\.0/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.MachineLearningServices/workspaces/[^/]+$", RegexOptions.IgnoreCase)]
    private static partial Regex WorkspacePath();
}
