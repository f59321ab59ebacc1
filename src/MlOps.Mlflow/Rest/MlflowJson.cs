using System.Globalization;
using System.Text.Json.Nodes;

namespace MlOps.Mlflow.Rest;

/// <summary>Maps REST API 2.0 JSON (as recorded from MLflow 3.5) to and from the client's records.</summary>
internal static class MlflowJson
{
    public static MlflowExperiment Experiment(JsonNode node) => new(
        Text(node["experiment_id"]) ?? "",
        Text(node["name"]) ?? "",
        Text(node["artifact_location"]) ?? "",
        Text(node["lifecycle_stage"]) ?? "active");

    public static MlflowRunInfo RunInfo(JsonNode node) => new(
        Text(node["run_id"]) ?? Text(node["run_uuid"]) ?? "",
        Text(node["experiment_id"]) ?? "",
        Text(node["run_name"]) ?? "",
        Enum.TryParse<MlflowRunStatus>(Text(node["status"]), ignoreCase: true, out var status) ? status : MlflowRunStatus.Running,
        Long(node["start_time"]) ?? 0,
        Long(node["end_time"]),
        Text(node["artifact_uri"]) ?? "",
        Text(node["lifecycle_stage"]) ?? "active");

    public static MlflowRun Run(JsonNode node)
    {
        var data = node["data"];
        return new MlflowRun(
            RunInfo(node["info"]!),
            (data?["metrics"]?.AsArray() ?? []).Select(m => Metric(m!)).ToList(),
            Pairs(data?["params"]),
            Pairs(data?["tags"]));
    }

    /// <summary>Metric objects carry run_id too (ignored); NaN/Infinity arrive as strings.</summary>
    public static MlflowMetric Metric(JsonNode node) => new(
        Text(node["key"]) ?? "",
        Double(node["value"]),
        Long(node["timestamp"]) ?? 0,
        Long(node["step"]) ?? 0);

    public static MlflowLoggedModel LoggedModel(JsonNode node)
    {
        var info = node["info"]!;
        var data = node["data"];
        return new MlflowLoggedModel(
            Text(info["model_id"]) ?? "",
            Text(info["experiment_id"]) ?? "",
            Text(info["name"]) ?? "",
            Text(info["artifact_uri"]) ?? "",
            LoggedModelStatus(Text(info["status"])),
            Text(info["source_run_id"]),
            Long(info["creation_timestamp_ms"]) ?? 0,
            (info["tags"]?.AsArray() ?? []).Select(t => new MlflowTag(Text(t!["key"]) ?? "", Text(t["value"]) ?? "")).ToList(),
            (data?["params"]?.AsArray() ?? []).Select(p => new MlflowParam(Text(p!["key"]) ?? "", Text(p["value"]) ?? "")).ToList(),
            (data?["metrics"]?.AsArray() ?? []).Select(m => Metric(m!)).ToList());
    }

    public static MlflowLoggedModelStatus LoggedModelStatus(string? name) => name switch
    {
        "LOGGED_MODEL_READY" => MlflowLoggedModelStatus.Ready,
        "LOGGED_MODEL_UPLOAD_FAILED" => MlflowLoggedModelStatus.UploadFailed,
        _ => MlflowLoggedModelStatus.Pending,
    };

    public static string LoggedModelStatusName(MlflowLoggedModelStatus status) => status switch
    {
        MlflowLoggedModelStatus.Ready => "LOGGED_MODEL_READY",
        MlflowLoggedModelStatus.UploadFailed => "LOGGED_MODEL_UPLOAD_FAILED",
        _ => "LOGGED_MODEL_PENDING",
    };

    public static MlflowModelVersion ModelVersion(JsonNode node) => new(
        Text(node["name"]) ?? "",
        Text(node["version"]) ?? "",
        Text(node["source"]) ?? "",
        Text(node["run_id"]),
        Text(node["status"]) ?? "",
        (node["aliases"]?.AsArray() ?? []).Select(a => Text(a) ?? "").ToList());

    /// <summary>Aliases arrive as <c>[{"alias": "champion", "version": "1"}]</c>.</summary>
    public static MlflowRegisteredModel RegisteredModel(JsonNode node) => new(
        Text(node["name"]) ?? "",
        Text(node["description"]) ?? "",
        Long(node["creation_timestamp"]) ?? 0,
        Long(node["last_updated_timestamp"]) ?? 0,
        (node["aliases"]?.AsArray() ?? []).ToDictionary(a => Text(a!["alias"]) ?? "", a => Text(a!["version"]) ?? "", StringComparer.Ordinal));

    public static JsonArray KeyValues<T>(IEnumerable<T> items, Func<T, string> key, Func<T, string> value) =>
        new(items.Select(i => (JsonNode)new JsonObject { ["key"] = key(i), ["value"] = value(i) }).ToArray());

    /// <summary>JSON has no NaN/Infinity literals; MLflow accepts (and returns) them as strings.</summary>
    public static JsonNode MetricValue(double value) =>
        double.IsNaN(value) ? JsonValue.Create("NaN")
        : double.IsPositiveInfinity(value) ? JsonValue.Create("Infinity")
        : double.IsNegativeInfinity(value) ? JsonValue.Create("-Infinity")
        : JsonValue.Create(value);

    private static Dictionary<string, string> Pairs(JsonNode? array) =>
        (array?.AsArray() ?? []).GroupBy(p => Text(p!["key"]) ?? "").ToDictionary(g => g.Key, g => Text(g.Last()!["value"]) ?? "", StringComparer.Ordinal);

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };

    private static long? Long(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<double>(out var d) => (long)d,
        JsonValue v when v.TryGetValue<string>(out var s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        _ => null,
    };

    private static double Double(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        JsonValue v when v.TryGetValue<string>(out var s) => s switch
        {
            "NaN" or "nan" => double.NaN,
            "Infinity" or "inf" => double.PositiveInfinity,
            "-Infinity" or "-inf" => double.NegativeInfinity,
            _ => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN,
        },
        _ => double.NaN,
    };
}
