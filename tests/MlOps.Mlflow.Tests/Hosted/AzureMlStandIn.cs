using System.Collections.Concurrent;
using System.Net;
using System.Text;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.Hosted;

/// <summary>
/// Entra ID and an Azure ML workspace on 127.0.0.1, as their public REST docs describe them: the
/// v2.0 token endpoint (<c>/&lt;tenant&gt;/oauth2/v2.0/token</c>, client credentials with a secret or a
/// client assertion) and the workspace's MLflow API below
/// <c>/mlflow/v1.0/subscriptions/…/workspaces/&lt;name&gt;/api/2.0/mlflow/</c>, answering only the bearer it
/// issued (or the CLI's) and 401 otherwise.
/// </summary>
internal sealed class AzureMlStandIn : IDisposable
{
    public const string Tenant = "tenant-0000";
    public const string ClientId = "app-1111";
    public const string Secret = "sp-secret-standin";
    public const string Assertion = "gh-oidc-jwt-standin";
    public const string IssuedToken = "entra-issued-standin";
    public const string CliToken = "cli-issued-standin";
    public const string WorkspacePath = "/mlflow/v1.0/subscriptions/sub-2222/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-ml";

    private readonly HttpListener listener = new();

    public AzureMlStandIn()
    {
        Uri = new Uri($"http://127.0.0.1:{FakeMlflowServer.FreePort()}/");
        listener.Prefixes.Add(Uri.AbsoluteUri);
        listener.Start();
        _ = Task.Run(Loop);
    }

    public Uri Uri { get; }

    public string TrackingUri => $"azureml://{Uri.Authority}{WorkspacePath}";

    public ConcurrentQueue<string> Requests { get; } = new();

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
            using var reader = new StreamReader(request.InputStream);
            var form = (await reader.ReadToEndAsync()).Split('&').Select(WebUtility.UrlDecode).ToHashSet();
            Requests.Enqueue($"{request.HttpMethod} {path} [{auth.Split(' ')[0]}]");
            var (status, answer) = path switch
            {
                $"/{Tenant}/oauth2/v2.0/token" => Token(form),
                var p when p.StartsWith(WorkspacePath + "/api/2.0/mlflow/", StringComparison.Ordinal) =>
                    auth is $"Bearer {IssuedToken}" or $"Bearer {CliToken}"
                        ? (404, "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"Experiment not found\"}")
                        : (401, "{\"error\": {\"code\": \"UserError\", \"message\": \"Unauthorized\"}}"),
                _ => (404, "{\"error\": {\"code\": \"NotFound\"}}"),
            };
            var bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static (int, string) Token(HashSet<string?> form)
    {
        var common = form.Contains("grant_type=client_credentials") && form.Contains($"client_id={ClientId}") && form.Contains("scope=https://management.azure.com/.default");
        var secret = form.Contains($"client_secret={Secret}");
        var assertion = form.Contains($"client_assertion={Assertion}") && form.Contains("client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        return common && (secret || assertion)
            ? (200, $"{{\"token_type\": \"Bearer\", \"expires_in\": 3599, \"access_token\": \"{IssuedToken}\"}}")
            : (401, "{\"error\": \"invalid_client\", \"error_description\": \"AADSTS7000215: Invalid client secret provided.\"}");
    }

    public void Dispose() => listener.Close();
}
