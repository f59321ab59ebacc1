using System.Collections.Concurrent;
using System.Net;
using System.Text;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.Hosted;

/// <summary>
/// Entra ID and an Azure ML workspace on 127.0.0.1, as their public REST docs describe them: the
/// v2.0 token endpoint (<c>/&lt;tenant&gt;/oauth2/v2.0/token</c>, client credentials with a secret or a
/// client assertion) and the workspace's MLflow API below
/// <c>/mlflow/v1.0/subscriptions/…/workspaces/&lt;name&gt;/api/2.0/mlflow/</c> (answered by an MLflow
/// <see cref="FakeMlflowState"/>), answering only the bearer it issued (or the CLI's) and 401 otherwise.
/// Run artifacts go through the workspace's artifact service as the azureml-mlflow plugin stores them:
/// <c>/artifact/v2.0/subscriptions/…/workspaces/&lt;name&gt;/artifacts/ExperimentRun/dcid.&lt;run&gt;/batch/metadata</c>
/// ({"paths": [{"path"}]} → artifactContentInformation[path].contentUri, a Blob SAS URL), then a PUT of the
/// block blob to that URL, which refuses an Authorization header, a wrong signature or a missing x-ms-blob-type.
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
    public const string ArtifactPath = "/artifact/v2.0/subscriptions/sub-2222/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-ml";
    public const string Sas = "sv=2019-02-02&sr=b&sig=azure-sas-standin";

    private readonly LoopbackHttpServer server;

    public AzureMlStandIn()
    {
        server = new LoopbackHttpServer(Handle, oneAtATime: true);
    }

    public Uri Uri => server.Uri;

    public string TrackingUri => $"azureml://{Uri.Authority}{WorkspacePath}";

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The workspace's MLflow state (experiments, runs, registry).</summary>
    public FakeMlflowState State { get; } = new();

    /// <summary>Storage answers 403 to every PUT (an expired SAS).</summary>
    public bool RefuseBlobs { get; set; }

    /// <summary>Blobs PUT with the SAS: "dcid.&lt;run&gt;/&lt;path&gt;" → content.</summary>
    public ConcurrentDictionary<string, string> Blobs { get; } = new();

    private async Task Handle(HttpListenerContext context)
    {
        var request = context.Request;
        var path = request.Url!.AbsolutePath;
        var auth = request.Headers["Authorization"] ?? "";
        using var buffer = new MemoryStream();
        await request.InputStream.CopyToAsync(buffer);
        var raw = buffer.ToArray();
        var form = Encoding.UTF8.GetString(raw).Split('&').Select(WebUtility.UrlDecode).ToHashSet();
        var authorized = auth is $"Bearer {IssuedToken}" or $"Bearer {CliToken}";
        Requests.Enqueue($"{request.HttpMethod} {path} [{auth.Split(' ')[0]}]");
        var (status, answer) = path switch
        {
            $"/{Tenant}/oauth2/v2.0/token" => Token(form),
            var p when p.StartsWith(WorkspacePath + "/api/2.0/mlflow/", StringComparison.Ordinal) =>
                authorized
                    ? State.Answer(request.HttpMethod, p[(WorkspacePath.Length + 1)..], request.Url.Query, request.ContentType, raw)
                    : (401, "{\"error\": {\"code\": \"UserError\", \"message\": \"Unauthorized\"}}"),
            var p when p.StartsWith(ArtifactPath + "/artifacts/ExperimentRun/dcid.", StringComparison.Ordinal) && p.EndsWith("/batch/metadata", StringComparison.Ordinal) && request.HttpMethod == "POST" =>
                authorized ? CreateArtifacts(p[(ArtifactPath + "/artifacts/ExperimentRun/").Length..^"/batch/metadata".Length], raw)
                    : (401, "{\"error\": {\"code\": \"UserError\", \"message\": \"Unauthorized\"}}"),
            var p when p.StartsWith("/blob/azureml/ExperimentRun/", StringComparison.Ordinal) && request.HttpMethod == "PUT" =>
                !RefuseBlobs && auth.Length == 0 && request.Url.Query == "?" + Sas && request.Headers["x-ms-blob-type"] == "BlockBlob"
                    ? Store(Uri.UnescapeDataString(p["/blob/azureml/ExperimentRun/".Length..]), raw)
                    : (403, "<Error><Code>AuthenticationFailed</Code></Error>"),
            _ => (404, "{\"error\": {\"code\": \"NotFound\"}}"),
        };
        var bytes = Encoding.UTF8.GetBytes(answer);
        context.Response.StatusCode = status;
        // A known length, as FakeMlflowServer sends: with chunked empty answers one CI run failed on a reused connection ("invalid status line '0'").
        context.Response.ContentLength64 = bytes.Length;
        context.Response.ContentType = "application/json";
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    /// <summary>Artifact API's BatchArtifactContentInformationResult: the artifacts and a SAS content URI for each path.</summary>
    private (int, string) CreateArtifacts(string container, byte[] body)
    {
        var paths = System.Text.Json.Nodes.JsonNode.Parse(body)!["paths"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()).ToList();
        var artifacts = new System.Text.Json.Nodes.JsonObject();
        var content = new System.Text.Json.Nodes.JsonObject();
        foreach (var path in paths)
        {
            artifacts[path] = new System.Text.Json.Nodes.JsonObject { ["artifactId"] = $"ExperimentRun/{container}/{path}", ["origin"] = "ExperimentRun", ["container"] = container, ["path"] = path };
            content[path] = new System.Text.Json.Nodes.JsonObject
            {
                ["contentUri"] = $"{Uri}blob/azureml/ExperimentRun/{container}/{path}?{Sas}",
                ["origin"] = "ExperimentRun",
                ["container"] = container,
                ["path"] = path,
            };
        }
        return (200, new System.Text.Json.Nodes.JsonObject { ["artifacts"] = artifacts, ["artifactContentInformation"] = content, ["errors"] = new System.Text.Json.Nodes.JsonObject() }.ToJsonString());
    }

    private (int, string) Store(string blob, byte[] content)
    {
        Blobs[blob] = Encoding.UTF8.GetString(content);
        return (201, "");
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

    public void Dispose() => server.Dispose();
}
