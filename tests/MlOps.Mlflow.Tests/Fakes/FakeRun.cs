using System.Text.Json.Nodes;

namespace MlOps.Mlflow.Tests.Fakes;

public sealed class FakeRun(string id, string experimentId, string name, long startTime)
{
    public string Id { get; } = id;
    public string ExperimentId { get; } = experimentId;
    public string Name { get; } = name;
    public long StartTime { get; } = startTime;
    public string Status { get; set; } = "RUNNING";
    public string UserId { get; set; } = "";
    public long? EndTime { get; set; }
    public Dictionary<string, string> Params { get; } = new();
    public Dictionary<string, string> Tags { get; } = new();
    public List<JsonObject> Metrics { get; } = [];
    public Dictionary<string, JsonNode> Inputs { get; } = new();

    public JsonObject Info()
    {
        var info = new JsonObject
        {
            ["run_uuid"] = Id,
            ["experiment_id"] = ExperimentId,
            ["run_name"] = Name,
            ["user_id"] = UserId,
            ["status"] = Status,
            ["start_time"] = StartTime,
        };
        if (EndTime is { } end)
        {
            info["end_time"] = end;
        }
        info["artifact_uri"] = $"mlflow-artifacts:/{ExperimentId}/{Id}/artifacts";
        info["lifecycle_stage"] = "active";
        info["run_id"] = Id;
        return info;
    }

    /// <summary>runs/get shape: latest metric per key (with run_id), params and tags as key/value lists.</summary>
    public JsonObject ToJson()
    {
        var data = new JsonObject();
        var latest = Metrics.GroupBy(m => m["key"]!.GetValue<string>())
            .Select(g => (JsonNode)FakeMlflowState.WithRunId(g.OrderBy(m => m["step"]?.GetValue<long>() ?? 0).ThenBy(m => m["timestamp"]!.GetValue<long>()).Last(), Id))
            .ToArray();
        if (latest.Length > 0)
        {
            data["metrics"] = new JsonArray(latest);
        }
        if (Params.Count > 0)
        {
            data["params"] = Pairs(Params);
        }
        data["tags"] = Pairs(Tags);
        return new JsonObject { ["info"] = Info(), ["data"] = data, ["inputs"] = new JsonObject(), ["outputs"] = new JsonObject() };
    }

    private static JsonArray Pairs(Dictionary<string, string> values) =>
        new(values.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (JsonNode)new JsonObject { ["key"] = kv.Key, ["value"] = kv.Value }).ToArray());
}
