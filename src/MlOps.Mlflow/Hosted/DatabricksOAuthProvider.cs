using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MlOps.Mlflow.Rest;

namespace MlOps.Mlflow.Hosted;

/// <summary>
/// OAuth machine-to-machine for a Databricks service principal, as the SDK's <c>oauth_service_principal</c>:
/// the token endpoint from <c>&lt;host&gt;/oidc/.well-known/oauth-authorization-server</c>, then
/// <c>grant_type=client_credentials&amp;scope=all-apis</c> with the client id and secret as basic auth.
/// The token is kept until a minute before it expires; it is only ever put in the Authorization header.
/// </summary>
internal sealed class DatabricksOAuthProvider(Uri host, string clientId, string clientSecret, HttpClient? http) : IMlflowRequestHeaderProvider
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
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
            return new Dictionary<string, string> { ["Authorization"] = header! };
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task RefreshAsync(CancellationToken ct)
    {
        var client = http ?? Shared;
        var discovery = new Uri(host, "/oidc/.well-known/oauth-authorization-server");
        using var endpoints = await client.GetAsync(discovery, ct).ConfigureAwait(false);
        var tokenEndpoint = endpoints.IsSuccessStatusCode
            ? JsonNode.Parse(await endpoints.Content.ReadAsStringAsync(ct).ConfigureAwait(false))?["token_endpoint"]?.GetValue<string>()
            : null;
        if (tokenEndpoint is null)
        {
            throw new MlflowException("databricks-oauth", endpoints.StatusCode, null, $"{host} has no OAuth endpoints at {discovery.AbsolutePath}: check DATABRICKS_HOST, or use a token.");
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenEndpoint)
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", "all-apis")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{clientSecret}")));
        using var response = await client.SendAsync(request, ct).ConfigureAwait(false);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
        var accessToken = body?["access_token"]?.GetValue<string>();
        if (!response.IsSuccessStatusCode || accessToken is null)
        {
            // The answer's error code only: it never holds the secret, but the body could echo what was sent.
            throw new MlflowException("databricks-oauth", response.StatusCode, body?["error"]?.GetValue<string>(),
                "the service principal's client credentials were refused: check DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET.");
        }
        var type = body?["token_type"]?.GetValue<string>() ?? "Bearer";
        var lifetime = body?["expires_in"] is JsonValue seconds && seconds.TryGetValue<int>(out var s) ? s : 3600;
        header = $"{type} {accessToken}";
        expires = DateTimeOffset.UtcNow.AddSeconds(Math.Max(0, lifetime - 60));
    }
}
