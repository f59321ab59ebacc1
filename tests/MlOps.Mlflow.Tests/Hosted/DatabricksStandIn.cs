using System.Collections.Concurrent;
using System.Net;
using System.Text;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.Hosted;

/// <summary>
/// A Databricks workspace on 127.0.0.1, as its public REST docs describe it: OIDC discovery at
/// /oidc/.well-known/oauth-authorization-server, client credentials at /oidc/v1/token (basic auth,
/// grant_type=client_credentials, scope=all-apis), and the MLflow API at /api/2.0/mlflow/… that answers
/// only a bearer it issued or the workspace's PAT (else 401, as Databricks does).
/// </summary>
internal sealed class DatabricksStandIn : IDisposable
{
    public const string Pat = "dapi0123456789abcdef-standin";
    public const string ClientId = "sp-client-id";
    public const string ClientSecret = "dose-secret-standin";
    public const string IssuedToken = "eyJ-issued-standin-token";

    private readonly HttpListener listener = new();

    public DatabricksStandIn()
    {
        Uri = new Uri($"http://127.0.0.1:{FakeMlflowServer.FreePort()}");
        listener.Prefixes.Add(Uri.AbsoluteUri);
        listener.Start();
        _ = Task.Run(Loop);
    }

    public Uri Uri { get; }

    /// <summary>"METHOD path [Authorization scheme]" of every request.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public int TokensIssued;

    /// <summary>Files PUT to the signed storage URL: path → (content, x-ms-blob-type, had an Authorization header).</summary>
    public ConcurrentDictionary<string, (string Content, string? BlobType, bool Authorized)> Stored { get; } = new();

    /// <summary>The storage type credentials-for-write answers with.</summary>
    public string StorageType { get; set; } = "AZURE_SAS_URI";

    private async Task Loop()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            var request = context.Request;
            var path = request.Url!.AbsolutePath;
            var auth = request.Headers["Authorization"] ?? "";
            Requests.Enqueue($"{request.HttpMethod} {path} [{auth.Split(' ')[0]}]");
            using var reader = new StreamReader(request.InputStream);
            var body = await reader.ReadToEndAsync();
            var (status, answer) = (request.HttpMethod, path) switch
            {
                ("GET", "/oidc/.well-known/oauth-authorization-server") =>
                    (200, $"{{\"authorization_endpoint\": \"{Uri}oidc/v1/authorize\", \"token_endpoint\": \"{Uri}oidc/v1/token\"}}"),
                ("POST", "/oidc/v1/token") => Token(auth, body),
                ("PUT", var p) when p.StartsWith("/storage/", StringComparison.Ordinal) && request.Url.Query == "?sig=standin" =>
                    Store(p["/storage/".Length..], body, request.Headers["x-ms-blob-type"], auth.Length > 0),
                ("POST", "/api/2.0/mlflow/artifacts/credentials-for-write") when auth is $"Bearer {IssuedToken}" or $"Bearer {Pat}" =>
                    (200, $"{{\"credential_infos\": [{{\"run_id\": \"r\", \"path\": \"{System.Text.Json.Nodes.JsonNode.Parse(body)!["path"]![0]}\", \"signed_uri\": \"{Uri}storage/{System.Text.Json.Nodes.JsonNode.Parse(body)!["path"]![0]}?sig=standin\", \"type\": \"{StorageType}\", \"headers\": [{{\"name\": \"x-ms-meta-source\", \"value\": \"mlflow\"}}]}}]}}"),
                (_, var p) when p.StartsWith("/api/2.0/mlflow/", StringComparison.Ordinal) =>
                    auth is $"Bearer {IssuedToken}" or $"Bearer {Pat}"
                        ? (404, "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"Node named 'x' does not exist.\"}")
                        : (401, "{\"error_code\": \"UNAUTHENTICATED\", \"message\": \"Credential was not sent or was of an unsupported type for this API.\"}"),
                _ => (404, "{\"error_code\": \"ENDPOINT_NOT_FOUND\", \"message\": \"No API found\"}"),
            };
            var bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private (int, string) Store(string path, string content, string? blobType, bool authorized)
    {
        Stored[path] = (content, blobType, authorized);
        return (201, "");
    }

    private (int, string) Token(string auth, string form)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}"));
        var fields = form.Split('&').Select(Uri.UnescapeDataString).ToHashSet();
        if (auth != expected || !fields.Contains("grant_type=client_credentials") || !fields.Contains("scope=all-apis"))
        {
            return (401, "{\"error\": \"invalid_client\", \"error_description\": \"Client authentication failed\"}");
        }
        Interlocked.Increment(ref TokensIssued);
        return (200, $"{{\"access_token\": \"{IssuedToken}\", \"token_type\": \"Bearer\", \"expires_in\": 3600, \"scope\": \"all-apis\"}}");
    }

    public void Dispose() => listener.Close();
}
