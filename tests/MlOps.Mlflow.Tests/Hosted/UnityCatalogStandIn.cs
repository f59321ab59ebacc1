using System.Collections.Concurrent;
using System.Collections.Specialized;
using System.Net;
using System.Text.Json.Nodes;

namespace MlOps.Mlflow.Tests.Hosted;

/// <summary>
/// Unity Catalog's model registry as Databricks' REST reference and MLflow's UC store describe it:
/// /api/2.0/mlflow/unity-catalog/registered-models/create, model-versions/create (PENDING_REGISTRATION,
/// with a storage_location), model-versions/generate-temporary-credentials (operation
/// MODEL_VERSION_OPERATION_READ_WRITE), model-versions/finalize (READY only when the version's MLmodel was
/// written), registered-models/alias; names must be catalog.schema.model. Storage is either Databricks'
/// default storage (/api/2.0/fs/create-upload-url, then a PUT to the presigned URL with its headers) or an
/// ADLS Gen2 location written with a user delegation SAS (create, append, flush), both refusing any
/// Authorization header.
/// </summary>
internal sealed class UnityCatalogStandIn
{
    public const string Sas = "sv=2021-08-06&sr=d&sig=uc-sas-standin";
    public const string AwsSecret = "aws-secret-key-standin";
    public const string PresignedSignature = "X-Amz-Signature=uc-presigned-standin";

    /// <summary>DEFAULT_STORAGE, azure for an abfss:// location with a SAS, or aws for S3 temporary credentials.</summary>
    public string Mode { get; set; } = "DEFAULT_STORAGE";

    /// <summary>"METHOD path" of every Unity Catalog call, in order.</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>Written files: storage path → content.</summary>
    public ConcurrentDictionary<string, string> Files { get; } = new();

    /// <summary>Version status by "name/version".</summary>
    public ConcurrentDictionary<string, string> Versions { get; } = new();

    public ConcurrentDictionary<string, string> Aliases { get; } = new();

    /// <summary>Storage answers 403 to everything (an expired credential).</summary>
    public bool RefuseStorage { get; set; }

    private readonly ConcurrentDictionary<string, string> models = new();

    public (int, string)? Registry(string method, string path, NameValueCollection query, string body, Uri host)
    {
        if (!path.StartsWith("/api/2.0/mlflow/unity-catalog/", StringComparison.Ordinal) && path != "/api/2.0/fs/create-upload-url")
        {
            return null;
        }
        Calls.Enqueue($"{method} {path}");
        var json = body.Length > 0 ? JsonNode.Parse(body)! : new JsonObject();
        var name = json["name"]?.GetValue<string>() ?? query["name"] ?? "";
        if (path.StartsWith("/api/2.0/mlflow/unity-catalog/", StringComparison.Ordinal) && name.Split('.').Length != 3)
        {
            return (400, $"{{\"error_code\": \"INVALID_PARAMETER_VALUE\", \"message\": \"Model name must be of the form catalog.schema.model: {name}\"}}");
        }
        var version = json["version"]?.ToString();
        switch (method, path["/api/2.0/".Length..])
        {
            case ("POST", "mlflow/unity-catalog/registered-models/create"):
                return models.TryAdd(name, name)
                    ? (200, $"{{\"registered_model\": {{\"name\": \"{name}\"}}}}")
                    : (400, $"{{\"error_code\": \"RESOURCE_ALREADY_EXISTS\", \"message\": \"Registered model '{name}' already exists.\"}}");
            case ("POST", "mlflow/unity-catalog/model-versions/create"):
                if (!models.ContainsKey(name))
                {
                    return (404, $"{{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"Registered model '{name}' does not exist.\"}}");
                }
                var number = (Versions.Keys.Count(k => k.StartsWith(name + "/", StringComparison.Ordinal)) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                Versions[$"{name}/{number}"] = "PENDING_REGISTRATION";
                return (200, $"{{\"model_version\": {{\"name\": \"{name}\", \"version\": \"{number}\", \"source\": \"{json["source"]}\", \"run_id\": \"{json["run_id"]}\", \"status\": \"PENDING_REGISTRATION\", \"storage_location\": \"{Location(name, number)}\"}}}}");
            case ("POST", "mlflow/unity-catalog/model-versions/generate-temporary-credentials"):
                if (json["operation"]?.GetValue<string>() != "MODEL_VERSION_OPERATION_READ_WRITE" || Versions.GetValueOrDefault($"{name}/{version}") != "PENDING_REGISTRATION")
                {
                    return (400, "{\"error_code\": \"INVALID_PARAMETER_VALUE\", \"message\": \"Model version files can only be written at creation time.\"}");
                }
                return (200, Mode switch
                {
                    "DEFAULT_STORAGE" => "{\"credentials\": {\"expiration_time\": 1764763200000, \"storage_mode\": \"DEFAULT_STORAGE\"}}",
                    "aws" => $"{{\"credentials\": {{\"aws_temp_credentials\": {{\"access_key_id\": \"ASIASTANDIN\", \"secret_access_key\": \"{AwsSecret}\", \"session_token\": \"aws-session-standin\"}}, \"expiration_time\": 1764763200000, \"storage_mode\": \"CUSTOMER_HOSTED\"}}}}",
                    _ => $"{{\"credentials\": {{\"azure_user_delegation_sas\": {{\"sas_token\": \"{Sas}\"}}, \"expiration_time\": 1764763200000, \"storage_mode\": \"CUSTOMER_HOSTED\"}}}}",
                });
            case ("POST", "fs/create-upload-url"):
                var file = json["path"]!.GetValue<string>();
                return (200, $"{{\"url\": \"{host}ucstorage{file}?{PresignedSignature}\", \"headers\": [{{\"name\": \"x-amz-server-side-encryption\", \"value\": \"AES256\"}}]}}");
            case ("POST", "mlflow/unity-catalog/model-versions/finalize"):
                var prefix = Mode == "DEFAULT_STORAGE" ? $"/Models/{name.Replace('.', '/')}/{version}/" : $"/adls/acct.dfs.core.windows.net/uc/models/{name}/{version}/";
                if (!Files.ContainsKey(prefix + "MLmodel"))
                {
                    return (400, "{\"error_code\": \"INVALID_PARAMETER_VALUE\", \"message\": \"The model version has no MLmodel file.\"}");
                }
                Versions[$"{name}/{version}"] = "READY";
                return (200, $"{{\"model_version\": {{\"name\": \"{name}\", \"version\": \"{version}\", \"status\": \"READY\"}}}}");
            case ("POST", "mlflow/unity-catalog/registered-models/alias"):
                if (Versions.GetValueOrDefault($"{name}/{version}") != "READY")
                {
                    return (404, "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"Model version not found.\"}");
                }
                Aliases[$"{name}@{json["alias"]}"] = version!;
                return (200, "{}");
            case ("GET", "mlflow/unity-catalog/registered-models/alias"):
                return Aliases.TryGetValue($"{name}@{query["alias"]}", out var aliased)
                    ? (200, $"{{\"model_version\": {{\"name\": \"{name}\", \"version\": \"{aliased}\", \"status\": \"READY\", \"aliases\": [\"{query["alias"]}\"]}}}}")
                    : (404, "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"Alias not found.\"}");
            default:
                return (404, "{\"error_code\": \"ENDPOINT_NOT_FOUND\", \"message\": \"No API found\"}");
        }
    }

    /// <summary>The presigned PUT (its signature and headers) or ADLS Gen2's create/append/flush with the SAS; never an Authorization header.</summary>
    public (int, string) Storage(HttpListenerRequest request, string path, string body, bool authorized)
    {
        var query = request.Url!.Query.TrimStart('?');
        if (authorized || RefuseStorage)
        {
            return (403, "<Error><Code>AuthorizationHeaderNotAllowed</Code></Error>");
        }
        if (path.StartsWith("/ucstorage/", StringComparison.Ordinal))
        {
            var ok = request.HttpMethod == "PUT" && query == PresignedSignature && request.Headers["x-amz-server-side-encryption"] == "AES256";
            return ok ? Put(path["/ucstorage".Length..], body) : (403, "<Error><Code>SignatureDoesNotMatch</Code></Error>");
        }
        if (!query.EndsWith(Sas, StringComparison.Ordinal) || request.Headers["x-ms-version"] is null)
        {
            return (403, "{\"error\": {\"code\": \"AuthenticationFailed\"}}");
        }
        var action = System.Web.HttpUtility.ParseQueryString(query);
        switch (request.HttpMethod, action["resource"], action["action"])
        {
            case ("PUT", "file", null):
                Files[path] = "";
                pending[path] = "";
                return (201, "");
            case ("PATCH", null, "append") when pending.TryGetValue(path, out var so_far) && action["position"] == so_far.Length.ToString(System.Globalization.CultureInfo.InvariantCulture):
                pending[path] = so_far + body;
                return (202, "");
            case ("PATCH", null, "flush") when pending.TryGetValue(path, out var data) && action["position"] == data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture):
                return Put(path, data);
            default:
                return (400, "{\"error\": {\"code\": \"InvalidFlushPosition\"}}");
        }
    }

    private readonly ConcurrentDictionary<string, string> pending = new();

    private (int, string) Put(string path, string content)
    {
        Files[path] = content;
        return (201, "");
    }

    private string Location(string name, string version) => Mode == "DEFAULT_STORAGE"
        ? $"s3://databricks-managed/models/{name}/{version}"
        : $"abfss://uc@acct.dfs.core.windows.net/models/{name}/{version}";
}
