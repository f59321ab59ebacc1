namespace MlOps.Mlflow.Hosted;

/// <summary>
/// Where an Entra ID token comes from, chosen as DefaultAzureCredential chooses (environment service
/// principal, workload identity, Azure CLI; managed identity and interactive logins are not supported).
/// The authority is <c>AZURE_AUTHORITY_HOST</c>, else the public cloud's <c>https://login.microsoftonline.com</c>.
/// </summary>
internal sealed record AzureTokenSource(string Kind, Uri Authority, string? TenantId, string? ClientId, string? ClientSecret, string? FederatedTokenFile, string? AzPath)
{
    /// <summary>The Azure Resource Manager audience the azureml plugin's credentials ask tokens for.</summary>
    public const string Scope = "https://management.azure.com/.default";

    public static AzureTokenSource Select(Func<string, string?> environment)
    {
        string? Env(string name) => environment(name) is { Length: > 0 } v ? v.Trim() : null;
        var authority = new Uri((Env("AZURE_AUTHORITY_HOST") ?? "https://login.microsoftonline.com").TrimEnd('/') + "/");
        var tenant = Env("AZURE_TENANT_ID");
        var client = Env("AZURE_CLIENT_ID");
        if (tenant is not null && client is not null && Env("AZURE_CLIENT_SECRET") is { } secret)
        {
            return new AzureTokenSource("client-secret", authority, tenant, client, secret, null, null);
        }
        if (tenant is not null && client is not null && Env("AZURE_FEDERATED_TOKEN_FILE") is { } file)
        {
            return new AzureTokenSource("workload-identity", authority, tenant, client, null, file, null);
        }
        if (FindOnPath("az", Env("PATH")) is { } az)
        {
            return new AzureTokenSource("azure-cli", authority, tenant, null, null, null, az);
        }
        throw new ArgumentException("No Azure credential: set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (service principal), or AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE (workload identity, e.g. azure/login with OIDC), or log in with the Azure CLI (az login).");
    }

    private static string? FindOnPath(string name, string? path)
    {
        foreach (var folder in (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in OperatingSystem.IsWindows() ? new[] { name + ".cmd", name + ".exe" } : [name])
            {
                var full = Path.Combine(folder, candidate);
                if (File.Exists(full))
                {
                    return full;
                }
            }
        }
        return null;
    }

    /// <summary>Secrets stay out of the printed form.</summary>
    public override string ToString() => $"{Kind} (tenant: {TenantId ?? "default"})";
}
