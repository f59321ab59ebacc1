using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MlOps.Mlflow.Tests.Fakes;

public sealed partial class FakeMlflowState
{
    private (int, string) CreateRun(JsonNode r)
    {
        var experimentId = r["experiment_id"]?.GetValue<string>() ?? "";
        if (!Experiments.ContainsKey(experimentId))
        {
            return Error(400, "INVALID_PARAMETER_VALUE", $"Invalid experiment ID: '{experimentId}'");
        }
        var run = new FakeRun(Guid.NewGuid().ToString("N"), experimentId, r["run_name"]?.GetValue<string>() ?? "fake-run", r["start_time"]?.GetValue<long>() ?? 0);
        run.Tags["mlflow.runName"] = run.Name;
        run.UserId = r["user_id"]?.GetValue<string>() ?? "";
        foreach (var tag in r["tags"]?.AsArray() ?? [])
        {
            run.Tags[tag!["key"]!.GetValue<string>()] = tag["value"]!.GetValue<string>();
        }
        Runs[run.Id] = run;
        RunsCreated++;
        return Ok(new JsonObject { ["run"] = run.ToJson() });
    }

    private (int, string) LogBatch(JsonNode r)
    {
        var runId = r["run_id"]?.GetValue<string>() ?? "";
        if (!Runs.TryGetValue(runId, out var run))
        {
            return Error(404, "RESOURCE_DOES_NOT_EXIST", $"Run '{runId}' not found");
        }
        var metrics = r["metrics"]?.AsArray() ?? [];
        for (var i = 0; i < metrics.Count; i++)
        {
            if (metrics[i]!["timestamp"] is null)
            {
                return Error(400, "INVALID_PARAMETER_VALUE", $"Missing value for required parameter 'metrics[{i}].timestamp'. See the API docs for more information about request parameters.");
            }
        }
        foreach (var p in r["params"]?.AsArray() ?? [])
        {
            var (key, value) = (p!["key"]!.GetValue<string>(), p["value"]!.GetValue<string>());
            if (run.Params.TryGetValue(key, out var old) && old != value)
            {
                return Error(500, "INTERNAL_ERROR", $"Changing param values is not allowed. Param with key='{key}' was already logged with value='{old}' for run ID='{runId}'. Attempted logging new value '{value}'.");
            }
        }
        foreach (var p in r["params"]?.AsArray() ?? [])
        {
            run.Params[p!["key"]!.GetValue<string>()] = p["value"]!.GetValue<string>();
            ParamsReceived++;
        }
        foreach (var t in r["tags"]?.AsArray() ?? [])
        {
            run.Tags[t!["key"]!.GetValue<string>()] = t["value"]!.GetValue<string>();
        }
        foreach (var m in metrics)
        {
            run.Metrics.Add((JsonObject)m!.DeepClone());
            MetricsReceived++;
        }
        return Ok(new JsonObject());
    }

    private (int, string) UpdateRun(JsonNode r)
    {
        var run = Runs[r["run_id"]!.GetValue<string>()];
        if (r["status"]?.GetValue<string>() is "RUNNING" or "FINISHED" or "FAILED" or "KILLED" or "SCHEDULED")
        {
            run.Status = r["status"]!.GetValue<string>();
        }
        run.EndTime = r["end_time"]?.GetValue<long>() ?? run.EndTime;
        return Ok(new JsonObject { ["run_info"] = run.Info() });
    }

    private (int, string) LogInputs(JsonNode r)
    {
        var run = Runs[r["run_id"]!.GetValue<string>()];
        foreach (var d in r["datasets"]?.AsArray() ?? [])
        {
            var key = d!["dataset"]!["name"]!.GetValue<string>() + "/" + d["dataset"]!["digest"]!.GetValue<string>();
            run.Inputs[key] = d.DeepClone();
        }
        return Ok(new JsonObject());
    }

    private (int, string) GetRun(string? runId) =>
        runId is not null && Runs.TryGetValue(runId, out var run)
            ? Ok(new JsonObject { ["run"] = run.ToJson() })
            : Error(404, "RESOURCE_DOES_NOT_EXIST", $"Run '{runId}' not found");

    /// <summary>The MLflow 3.4+ quirk: without max_results the answer holds only a page token.</summary>
    private (int, string) GetHistory(string? runId, string? key, string? maxResults, string? pageToken)
    {
        if (runId is null || !Runs.TryGetValue(runId, out var run))
        {
            return Error(404, "RESOURCE_DOES_NOT_EXIST", $"Run '{runId}' not found");
        }
        if (maxResults is null)
        {
            return Ok(new JsonObject { ["next_page_token"] = "eyJvZmZzZXQiOiAwfQ==" });
        }
        var max = int.Parse(maxResults, System.Globalization.CultureInfo.InvariantCulture);
        var offset = pageToken is null ? 0 : int.Parse(pageToken, System.Globalization.CultureInfo.InvariantCulture);
        var all = run.Metrics.Where(m => m["key"]!.GetValue<string>() == key).ToList();
        var page = all.Skip(offset).Take(max).Select(m => (JsonNode)WithRunId(m, runId)).ToArray();
        var answer = new JsonObject { ["metrics"] = new JsonArray(page) };
        if (offset + max < all.Count)
        {
            answer["next_page_token"] = (offset + max).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return Ok(answer);
    }

    private (int, string) SearchRuns(JsonNode r)
    {
        var ids = (r["experiment_ids"]?.AsArray() ?? []).Select(i => i!.GetValue<string>()).ToHashSet();
        var filter = r["filter"]?.GetValue<string>();
        var max = r["max_results"]?.GetValue<int>() ?? 1000;
        var match = filter is null ? null : TagFilter().Match(filter);
        if (filter is not null && !match!.Success)
        {
            return Error(400, "INVALID_PARAMETER_VALUE", $"Invalid filter '{filter}'");
        }
        // MLflow's offset paging: page_token is base64 {"offset": N}; next_page_token only while runs remain.
        var token = r["page_token"]?.GetValue<string>();
        var offset = token is null ? 0 : JsonNode.Parse(Convert.FromBase64String(token))!["offset"]!.GetValue<int>();
        var all = Runs.Values
            .Where(run => ids.Contains(run.ExperimentId))
            .Where(run => match is null || run.Tags.GetValueOrDefault(match.Groups[1].Value) == match.Groups[2].Value)
            .Where(run => match is null || !match.Groups[3].Success || run.Status == match.Groups[3].Value)
            .OrderByDescending(run => run.StartTime).ToList();
        var runs = all.Skip(offset).Take(max).Select(run => (JsonNode)run.ToJson()).ToArray();
        var answer = runs.Length == 0 ? new JsonObject() : new JsonObject { ["runs"] = new JsonArray(runs) };
        if (all.Count > offset + max)
        {
            answer["next_page_token"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{{\"offset\": {offset + max}}}"));
        }
        return Ok(answer);
    }

    internal static JsonObject WithRunId(JsonObject metric, string runId)
    {
        var copy = (JsonObject)metric.DeepClone();
        copy["step"] ??= 0;
        copy["run_id"] = runId;
        return copy;
    }

    [GeneratedRegex(@"^tags\.`([^`]+)` = '([^']*)'(?: and attributes\.status = '([A-Z]+)')?$")]
    private static partial Regex TagFilter();
}
