using System.Text;
using System.Text.Json.Nodes;
using System.Web;

namespace MlOps.Mlflow.Tests.Fakes;

/// <summary>In-memory MLflow (file-store backend flavour): answers copied from the transcripts.</summary>
public sealed partial class FakeMlflowState
{
    private readonly Lock gate = new();
    private const string Api = "api/2.0/mlflow/";

    public Dictionary<string, FakeExperiment> Experiments { get; } = new() { ["0"] = new FakeExperiment("0", "Default") };
    public Dictionary<string, FakeRun> Runs { get; } = new();
    public Dictionary<string, byte[]> Artifacts { get; } = new();
    public Dictionary<string, List<(string Version, string Source, string RunId)>> Models { get; } = new();
    public Dictionary<(string Model, string Alias), string> Aliases { get; } = new();
    /// <summary>Every param and metric value accepted by log-batch, to prove nothing arrives twice.</summary>
    public int ParamsReceived { get; private set; }
    public int MetricsReceived { get; private set; }
    public int RunsCreated { get; private set; }

    public (int Status, string Body) Answer(string method, string path, string query, string? contentType, byte[] body)
    {
        lock (gate)
        {
            var q = HttpUtility.ParseQueryString(query);
            if (method == "PUT" && path.StartsWith("api/2.0/mlflow-artifacts/artifacts/", StringComparison.Ordinal))
            {
                Artifacts[path["api/2.0/mlflow-artifacts/artifacts/".Length..]] = body;
                return (200, "{}");
            }
            if (method == "GET" && path == ArtifactsApi)
            {
                return ListArtifacts(q["path"]);
            }
            if (!path.StartsWith(Api, StringComparison.Ordinal))
            {
                return NotFoundHtml;
            }
            JsonNode request = new JsonObject();
            if (method == "POST")
            {
                if (contentType is null || !contentType.StartsWith("application/json", StringComparison.Ordinal))
                {
                    return Error(400, "INVALID_PARAMETER_VALUE", "Bad Request. Content-Type must be one of ['application/json'].");
                }
                try
                {
                    request = JsonNode.Parse(Encoding.UTF8.GetString(body)) ?? new JsonObject();
                }
                catch (System.Text.Json.JsonException)
                {
                    return Error(400, "INVALID_PARAMETER_VALUE", "Invalid experiment ID: ''");
                }
            }
            return (method, path[Api.Length..]) switch
            {
                ("POST", "experiments/create") => CreateExperiment(request),
                ("GET", "experiments/get-by-name") => GetExperimentByName(q["experiment_name"]),
                ("GET", "experiments/get") => GetExperiment(q["experiment_id"]),
                ("POST", "experiments/search") => SearchExperiments(request),
                ("POST", "runs/create") => CreateRun(request),
                ("POST", "runs/log-batch") => LogBatch(request),
                ("POST", "runs/update") => UpdateRun(request),
                ("POST", "runs/log-inputs") => LogInputs(request),
                ("GET", "runs/get") => GetRun(q["run_id"]),
                ("POST", "runs/search") => SearchRuns(request),
                ("GET", "metrics/get-history") => GetHistory(q["run_id"], q["metric_key"], q["max_results"], q["page_token"]),
                ("POST", "registered-models/create") => CreateModel(request),
                ("POST", "model-versions/create") => CreateVersion(request),
                ("POST", "registered-models/alias") => SetAlias(request),
                ("GET", "registered-models/alias") => GetAlias(q["name"], q["alias"]),
                ("GET", "runs/search") => (405, "<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n"),
                _ => NotFoundHtml,
            };
        }
    }

    private static (int, string) NotFoundHtml => (404,
        "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n");

    internal static (int, string) Error(int status, string code, string message) =>
        (status, new JsonObject { ["error_code"] = code, ["message"] = message }.ToJsonString());

    private static (int, string) Ok(JsonNode node) => (200, node.ToJsonString());

    private (int, string) CreateExperiment(JsonNode r)
    {
        var name = r["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name))
        {
            return Error(400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'name'. See the API docs for more information about request parameters.");
        }
        if (Experiments.Values.Any(e => e.Name == name))
        {
            return Error(400, "RESOURCE_ALREADY_EXISTS", $"Experiment '{name}' already exists.");
        }
        var id = Random.Shared.NextInt64(100_000_000_000_000_000, 999_999_999_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Experiments[id] = new FakeExperiment(id, name);
        return Ok(new JsonObject { ["experiment_id"] = id });
    }

    private (int, string) GetExperimentByName(string? name) =>
        Experiments.Values.FirstOrDefault(e => e.Name == name) is { } e
            ? Ok(new JsonObject { ["experiment"] = e.ToJson() })
            : Error(404, "RESOURCE_DOES_NOT_EXIST", $"Could not find experiment with name '{name}'");

    private (int, string) GetExperiment(string? id) =>
        id is not null && Experiments.TryGetValue(id, out var e)
            ? Ok(new JsonObject { ["experiment"] = e.ToJson() })
            : Error(404, "RESOURCE_DOES_NOT_EXIST", $"Could not find experiment with ID {id}");

    private (int, string) SearchExperiments(JsonNode r)
    {
        var max = r["max_results"]?.GetValue<int>() ?? 0;
        if (max <= 0)
        {
            return Error(400, "INVALID_PARAMETER_VALUE", $"Invalid value {max} for parameter 'max_results' supplied. It must be a positive integer");
        }
        return Ok(new JsonObject { ["experiments"] = new JsonArray(Experiments.Values.Take(max).Select(e => (JsonNode)e.ToJson()).ToArray()) });
    }
}

public sealed record FakeExperiment(string Id, string Name)
{
    public JsonObject ToJson() => new()
    {
        ["experiment_id"] = Id,
        ["name"] = Name,
        ["artifact_location"] = $"mlflow-artifacts:/{Id}",
        ["lifecycle_stage"] = "active",
        ["last_update_time"] = 1795938478987,
        ["creation_time"] = 1795938478987,
    };
}
