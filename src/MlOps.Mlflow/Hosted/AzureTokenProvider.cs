using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using MlOps.Mlflow.Rest;

namespace MlOps.Mlflow.Hosted;

/// <summary>
/// Bearer tokens for Azure ML from an <see cref="AzureTokenSource"/>: the client-credentials grant at
/// <c>&lt;authority&gt;/&lt;tenant&gt;/oauth2/v2.0/token</c> with the secret, or with the federated token file as
/// <c>client_assertion</c> (read again on every renewal: the file is rotated); or the Azure CLI's
/// <c>az account get-access-token</c>. Kept until five minutes before expiry.
/// </summary>
internal sealed class AzureTokenProvider(AzureTokenSource source, HttpClient? http) : IMlflowRequestHeaderProvider
{
    private static readonly HttpClient Shared = new();
    private readonly SemaphoreSlim gate = new(1, 1);
    private string? header;
    private DateTimeOffset expires;

    public async ValueTask<IReadOnlyDictionary<string, string>> GetHeadersAsync(Uri requestUri, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (header is null || DateTimeOffset.UtcNow >= expires)
            {
                var (token, expiry) = source.Kind == "azure-cli" ? await FromCliAsync(cancellationToken).ConfigureAwait(false) : await FromEntraAsync(cancellationToken).ConfigureAwait(false);
                header = "Bearer " + token;
                expires = expiry - TimeSpan.FromMinutes(5);
            }
            return new Dictionary<string, string> { ["Authorization"] = header };
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<(string, DateTimeOffset)> FromEntraAsync(CancellationToken ct)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "client_credentials"),
            new("client_id", source.ClientId!),
            new("scope", AzureTokenSource.Scope),
        };
        if (source.ClientSecret is { } secret)
        {
            form.Add(new("client_secret", secret));
        }
        else
        {
            var assertion = (await File.ReadAllTextAsync(source.FederatedTokenFile!, ct).ConfigureAwait(false)).Trim();
            form.Add(new("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"));
            form.Add(new("client_assertion", assertion));
        }
        var endpoint = new Uri(source.Authority, $"{Uri.EscapeDataString(source.TenantId!)}/oauth2/v2.0/token");
        using var response = await (http ?? Shared).PostAsync(endpoint, new FormUrlEncodedContent(form), ct).ConfigureAwait(false);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
        var token = body?["access_token"]?.GetValue<string>();
        if (!response.IsSuccessStatusCode || token is null)
        {
            // The error code only (e.g. invalid_client, AADSTS700016 in the description is left out: it can quote the request).
            throw new MlflowException("azure-token", response.StatusCode, body?["error"]?.GetValue<string>(),
                $"Entra ID refused the {source.Kind} credential of client {source.ClientId} in tenant {source.TenantId}: check the AZURE_* variables and the app's access to the workspace.");
        }
        var lifetime = body?["expires_in"] is JsonValue v && v.TryGetValue<int>(out var s) ? s : 3600;
        return (token, DateTimeOffset.UtcNow.AddSeconds(lifetime));
    }

    private async Task<(string, DateTimeOffset)> FromCliAsync(CancellationToken ct)
    {
        var start = new ProcessStartInfo(source.AzPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "account", "get-access-token", "--output", "json", "--resource", AzureTokenSource.Scope[..^"/.default".Length] })
        {
            start.ArgumentList.Add(argument);
        }
        if (source.TenantId is { } tenant)
        {
            start.ArgumentList.Add("--tenant");
            start.ArgumentList.Add(tenant);
        }
        using var process = Process.Start(start) ?? throw new MlflowException("azure-token", null, null, "the Azure CLI (az) could not be started.");
        var output = await process.StandardOutput.ReadToEndAsync(ct).ConfigureAwait(false);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        var json = process.ExitCode == 0 ? JsonNode.Parse(output) : null;
        var token = json?["accessToken"]?.GetValue<string>();
        if (token is null)
        {
            throw new MlflowException("azure-token", null, null, $"the Azure CLI gave no token (exit code {process.ExitCode}): run az login, or set the AZURE_* variables of a service principal.");
        }
        var expiry = json?["expires_on"] is JsonValue seconds && seconds.TryGetValue<long>(out var unix)
            ? DateTimeOffset.FromUnixTimeSeconds(unix)
            : DateTimeOffset.TryParse(json?["expiresOn"]?.GetValue<string>(), CultureInfo.CurrentCulture, DateTimeStyles.AssumeLocal, out var local) ? local : DateTimeOffset.UtcNow.AddMinutes(10);
        return (token, expiry);
    }
}
