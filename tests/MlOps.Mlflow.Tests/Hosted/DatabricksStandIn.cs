using System.Collections.Concurrent;
using System.Net;
using System.Text;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.Hosted;

/// <summary>
/// A Databricks workspace on 127.0.0.1, as its public REST docs describe it: OIDC discovery at
/// /oidc/.well-known/oauth-authorization-server, client credentials at /oidc/v1/token (basic auth,
/// grant_type=client_credentials, scope=all-apis), and the MLflow API at /api/2.0/mlflow/… that answers
/// only a bearer it issued or the workspace's PAT (else 401, as Databricks does). Run artifacts are listed
/// (artifacts/list, run-relative paths, paged) and read through credentials-for-read; Unity Catalog models go
/// through /api/2.0/mlflow/unity-catalog/… (see <see cref="UnityCatalogStandIn"/>).
/// </summary>
internal sealed class DatabricksStandIn : IDisposable
{
    public const string Pat = "dapi0123456789abcdef-standin";
    public const string ClientId = "sp-client-id";
    public const string ClientSecret = "dose-secret-standin";
    public const string IssuedToken = "eyJ-issued-standin-token";

    private readonly LoopbackHttpServer server;

    public DatabricksStandIn()
    {
        server = new LoopbackHttpServer(Handle, oneAtATime: true);
    }

    public Uri Uri => server.Uri;

    /// <summary>"METHOD path [Authorization scheme]" of every request.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public int TokensIssued;

    /// <summary>Files PUT to the signed storage URL: path → (content, x-ms-blob-type, had an Authorization header).</summary>
    public ConcurrentDictionary<string, (string Content, string? BlobType, bool Authorized)> Stored { get; } = new();

    /// <summary>The workspace's MLflow API (experiments, runs, the workspace registry), as the REST tests' fake server answers it.</summary>
    public FakeMlflowState State { get; } = new();

    /// <summary>Every request as received (URL with its query, headers but Authorization, body): what a leak scan reads.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>Unity Catalog's registry and its storage, behind the same listener.</summary>
    public UnityCatalogStandIn UnityCatalog { get; } = new();

    /// <summary>How many entries one artifacts/list page holds (Databricks pages long listings).</summary>
    public int ListPageSize { get; set; } = 2;

    /// <summary>The storage type credentials-for-write answers with.</summary>
    public string StorageType { get; set; } = "AZURE_SAS_URI";

    private async Task Handle(HttpListenerContext context)
    {
        var request = context.Request;
        var path = request.Url!.AbsolutePath;
        var auth = request.Headers["Authorization"] ?? "";
        Requests.Enqueue($"{request.HttpMethod} {path} [{auth.Split(' ')[0]}]");
        using var buffer = new MemoryStream();
        await request.InputStream.CopyToAsync(buffer);
        var raw = buffer.ToArray();
        var body = Encoding.UTF8.GetString(raw);
        // Stored files keep their bytes: Latin-1 maps each byte to one char and back (ASCII reads the same).
        var bytesAsText = Encoding.Latin1.GetString(raw);
        Received.Enqueue($"{request.HttpMethod} {request.Url}\n{string.Join("\n", request.Headers.AllKeys.Where(k => k != "Authorization").Select(k => $"{k}: {request.Headers[k]}"))}\n{body}");
        var (status, answer) = (request.HttpMethod, path) switch
        {
            ("GET", "/oidc/.well-known/oauth-authorization-server") =>
                (200, $"{{\"authorization_endpoint\": \"{Uri}oidc/v1/authorize\", \"token_endpoint\": \"{Uri}oidc/v1/token\"}}"),
            ("POST", "/oidc/v1/token") => Token(auth, body),
            ("PUT", var p) when p.StartsWith("/storage/", StringComparison.Ordinal) && request.Url.Query == "?sig=standin" =>
                Store(p["/storage/".Length..], bytesAsText, request.Headers["x-ms-blob-type"], auth.Length > 0),
            ("POST", "/api/2.0/mlflow/artifacts/credentials-for-write") when auth is $"Bearer {IssuedToken}" or $"Bearer {Pat}" =>
                (200, $"{{\"credential_infos\": [{{\"run_id\": \"r\", \"path\": \"{System.Text.Json.Nodes.JsonNode.Parse(body)!["path"]![0]}\", \"signed_uri\": \"{Uri}storage/{System.Text.Json.Nodes.JsonNode.Parse(body)!["path"]![0]}?sig=standin\", \"type\": \"{StorageType}\", \"headers\": [{{\"name\": \"x-ms-meta-source\", \"value\": \"mlflow\"}}]}}]}}"),
            ("GET", var p) when p.StartsWith("/storage/", StringComparison.Ordinal) && request.Url.Query == "?sig=standin-read" && auth.Length == 0 =>
                Stored.TryGetValue(p["/storage/".Length..], out var stored) ? (200, stored.Content) : (404, "<Error><Code>BlobNotFound</Code></Error>"),
            (_, var p) when (p.StartsWith("/ucstorage/", StringComparison.Ordinal) || p.StartsWith("/adls/", StringComparison.Ordinal)) =>
                UnityCatalog.Storage(request, p, bytesAsText, auth.Length > 0),
            (_, var p) when (p.StartsWith("/api/2.0/mlflow/", StringComparison.Ordinal) || p.StartsWith("/api/2.0/fs/", StringComparison.Ordinal))
                && auth is $"Bearer {IssuedToken}" or $"Bearer {Pat}" && Workspace(request, p, body) is { } answered =>
                answered,
            (_, var p) when p.StartsWith("/api/2.0/mlflow/", StringComparison.Ordinal) =>
                auth is $"Bearer {IssuedToken}" or $"Bearer {Pat}"
                    ? State.Answer(request.HttpMethod, p.TrimStart('/'), request.Url.Query, request.ContentType, raw)
                    : (401, "{\"error_code\": \"UNAUTHENTICATED\", \"message\": \"Credential was not sent or was of an unsupported type for this API.\"}"),
            _ => (404, "{\"error_code\": \"ENDPOINT_NOT_FOUND\", \"message\": \"No API found\"}"),
        };
        var bytes = (request.HttpMethod == "GET" && path.StartsWith("/storage/", StringComparison.Ordinal) ? Encoding.Latin1 : Encoding.UTF8).GetBytes(answer);
        context.Response.StatusCode = status;
        // A known length, as FakeMlflowServer sends: with chunked empty answers one CI run failed on a reused connection ("invalid status line '0'").
        context.Response.ContentLength64 = bytes.Length;
        context.Response.ContentType = "application/json";
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    /// <summary>Runs, listing and read credentials of the tracking API, then Unity Catalog's registry; null for what neither knows.</summary>
    private (int, string)? Workspace(HttpListenerRequest request, string path, string body)
    {
        var query = System.Web.HttpUtility.ParseQueryString(request.Url!.Query);
        switch (request.HttpMethod, path)
        {
            case ("GET", "/api/2.0/mlflow/runs/get") when !State.Runs.ContainsKey(query["run_id"] ?? ""):
                // A run the tests did not create through the API: answered with a Databricks artifact URI.
                var id = query["run_id"];
                return (200, $"{{\"run\": {{\"info\": {{\"run_id\": \"{id}\", \"experiment_id\": \"1\", \"status\": \"FINISHED\", \"start_time\": 1, \"artifact_uri\": \"dbfs:/databricks/mlflow-tracking/1/{id}/artifacts\", \"lifecycle_stage\": \"active\"}}, \"data\": {{}}}}}}");
            case ("GET", "/api/2.0/mlflow/artifacts/list"):
                return List(query["path"] ?? "", int.TryParse(query["page_token"], out var from) ? from : 0);
            case ("POST", "/api/2.0/mlflow/artifacts/credentials-for-read"):
                var wanted = System.Text.Json.Nodes.JsonNode.Parse(body)!["path"]![0]!.GetValue<string>();
                return (200, $"{{\"credential_infos\": [{{\"path\": \"{wanted}\", \"signed_uri\": \"{Uri}storage/{wanted}?sig=standin-read\", \"type\": \"{StorageType}\", \"headers\": []}}]}}");
            default:
                return UnityCatalog.Registry(request.HttpMethod, path, query, body, Uri);
        }
    }

    /// <summary>The entries directly under <paramref name="folder"/> (run-relative paths), ListPageSize at a time.</summary>
    private (int, string) List(string folder, int from)
    {
        if (Stored.TryGetValue(folder, out var file))
        {
            // As Databricks: a file's path lists that one file.
            return (200, $"{{\"files\": [{{\"path\": \"{folder}\", \"is_dir\": false, \"file_size\": {file.Content.Length}}}]}}");
        }
        var prefix = folder.Length == 0 ? "" : folder + "/";
        var entries = Stored.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Select(k => k[prefix.Length..].Split('/') is var parts && parts.Length > 1 ? (prefix + parts[0], true, 0) : (k, false, Stored[k].Content.Length))
            .Distinct().OrderBy(e => e.Item1, StringComparer.Ordinal).ToList();
        var page = entries.Skip(from).Take(ListPageSize)
            .Select(e => e.Item2 ? $"{{\"path\": \"{e.Item1}\", \"is_dir\": true}}" : $"{{\"path\": \"{e.Item1}\", \"is_dir\": false, \"file_size\": {e.Item3}}}");
        var next = from + ListPageSize < entries.Count ? $", \"next_page_token\": \"{from + ListPageSize}\"" : "";
        return (200, $"{{\"root_uri\": \"dbfs:/databricks/mlflow-tracking/1/r/artifacts\", \"files\": [{string.Join(", ", page)}]{next}}}");
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

    public void Dispose() => server.Dispose();
}
