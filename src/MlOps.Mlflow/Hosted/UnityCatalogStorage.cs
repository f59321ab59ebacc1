using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MlOps.Mlflow.Rest;

namespace MlOps.Mlflow.Hosted;

/// <summary>
/// Writes a Unity Catalog model version's files with the temporary credentials of
/// <c>model-versions/generate-temporary-credentials</c>, as MLflow's client picks its artifact repository:
/// <list type="bullet">
/// <item><c>storage_mode: DEFAULT_STORAGE</c> (Databricks-managed storage): <c>POST /api/2.0/fs/create-upload-url</c>
/// for <c>/Models/&lt;catalog&gt;/&lt;schema&gt;/&lt;model&gt;/&lt;version&gt;/&lt;file&gt;</c>, then a PUT to that URL with its headers
/// (PresignedUrlArtifactRepository);</item>
/// <item><c>azure_user_delegation_sas</c> on an <c>abfss://container@account.dfs.core.windows.net/path</c> storage
/// location: ADLS Gen2's create, append and flush with the SAS (AzureDataLakeArtifactRepository).</item>
/// </list>
/// AWS, GCP and R2 credentials need those clouds' own signing or SDKs and are refused with a message.
/// Neither the workspace's token nor the temporary credential is ever sent anywhere else or put in a message.
/// </summary>
internal sealed class UnityCatalogStorage
{
    private const string AdlsVersion = "2021-08-06";
    private readonly MlflowHttpTransport transport;
    private readonly HttpClient storage;
    private readonly string modelName;
    private readonly string version;
    private readonly string? storageLocation;
    private readonly JsonNode credentials;

    public UnityCatalogStorage(MlflowHttpTransport transport, HttpClient storage, string modelName, string version, string? storageLocation, JsonNode credentials)
    {
        this.transport = transport;
        this.storage = storage;
        this.modelName = modelName;
        this.version = version;
        this.storageLocation = storageLocation;
        this.credentials = credentials;
        Kind = credentials["storage_mode"]?.GetValue<string>() == "DEFAULT_STORAGE" ? "DEFAULT_STORAGE"
            : new[] { "azure_user_delegation_sas", "aws_temp_credentials", "gcp_oauth_token", "r2_temp_credentials" }.FirstOrDefault(k => credentials[k] is not null) ?? "unknown";
        if (Kind is not ("DEFAULT_STORAGE" or "azure_user_delegation_sas"))
        {
            throw new MlflowException("model-versions/generate-temporary-credentials", null, null,
                $"Unity Catalog stores '{modelName}' version {version} with {Kind} credentials, which this client cannot write yet (Databricks default storage and Azure Data Lake Storage are supported); register from Databricks, or use a workspace-registry name.");
        }
    }

    /// <summary><c>DEFAULT_STORAGE</c> or <c>azure_user_delegation_sas</c>.</summary>
    public string Kind { get; }

    public Task UploadAsync(string localFile, string relativePath, CancellationToken ct) =>
        Kind == "DEFAULT_STORAGE" ? UploadPresignedAsync(localFile, relativePath, ct) : UploadAdlsAsync(localFile, relativePath, ct);

    private async Task UploadPresignedAsync(string localFile, string relativePath, CancellationToken ct)
    {
        var path = $"/Models/{modelName.Replace('.', '/')}/{version}/{relativePath}";
        var answer = await transport.PostAsync("api/2.0/fs/create-upload-url", new JsonObject { ["path"] = path }, ct).ConfigureAwait(false);
        var url = answer["url"]?.GetValue<string>() ?? throw new MlflowException("fs/create-upload-url", null, null, $"the workspace gave no upload URL for '{relativePath}'.");
        await using var file = File.OpenRead(localFile);
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StreamContent(file) };
        foreach (var header in answer["headers"]?.AsArray() ?? [])
        {
            var name = header!["name"]!.GetValue<string>();
            var value = header["value"]?.GetValue<string>();
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        await SendAsync(request, relativePath, ct).ConfigureAwait(false);
    }

    /// <summary>ADLS Gen2 (Data Lake Storage REST): PUT ?resource=file, PATCH ?action=append&amp;position=0, PATCH ?action=flush&amp;position=&lt;length&gt;.</summary>
    private async Task UploadAdlsAsync(string localFile, string relativePath, CancellationToken ct)
    {
        var location = storageLocation is { } l && Uri.TryCreate(l, UriKind.Absolute, out var u) && u.Scheme == "abfss" && u.UserInfo.Length > 0 ? u
            : throw new MlflowException("model-versions/create", null, null, "the model version's storage location is not an abfss://container@account.dfs.core.windows.net/… URI.");
        var sas = credentials["azure_user_delegation_sas"]?["sas_token"]?.GetValue<string>()?.TrimStart('?')
            ?? throw new MlflowException("model-versions/generate-temporary-credentials", null, null, "the Azure credential has no SAS token.");
        var escaped = string.Join('/', $"{location.AbsolutePath.Trim('/')}/{relativePath}".Trim('/').Split('/').Select(Uri.EscapeDataString));
        var file = $"https://{location.Host}/{Uri.EscapeDataString(location.UserInfo)}/{escaped}";
        var length = new FileInfo(localFile).Length;
        using (var create = Adls(HttpMethod.Put, $"{file}?resource=file&{sas}"))
        {
            await SendAsync(create, relativePath, ct).ConfigureAwait(false);
        }
        if (length > 0)
        {
            await using var stream = File.OpenRead(localFile);
            using var append = Adls(HttpMethod.Patch, $"{file}?action=append&position=0&{sas}");
            append.Content = new StreamContent(stream);
            append.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            await SendAsync(append, relativePath, ct).ConfigureAwait(false);
        }
        using var flush = Adls(HttpMethod.Patch, $"{file}?action=flush&position={length.ToString(CultureInfo.InvariantCulture)}&{sas}");
        await SendAsync(flush, relativePath, ct).ConfigureAwait(false);
    }

    private static HttpRequestMessage Adls(HttpMethod method, string uri)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.TryAddWithoutValidation("x-ms-version", AdlsVersion);
        return request;
    }

    private async Task SendAsync(HttpRequestMessage request, string relativePath, CancellationToken ct)
    {
        using var response = await storage.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // The URL carries a credential: only its host goes into the message.
            throw new MlflowException($"{request.Method} {request.RequestUri!.Host}", response.StatusCode, null,
                $"Unity Catalog's storage refused '{relativePath}' of '{modelName}' version {version}.");
        }
    }
}
