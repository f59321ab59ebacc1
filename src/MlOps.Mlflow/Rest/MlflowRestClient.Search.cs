using System.Text.Json.Nodes;

namespace MlOps.Mlflow.Rest;

public sealed partial class MlflowRestClient
{
    private const int HistoryPageSize = 25000;

    /// <summary>Always sends max_results: MLflow 3.4+ answers an empty page without it.</summary>
    public async Task<IReadOnlyList<MlflowMetric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default)
    {
        var result = new List<MlflowMetric>();
        string? page = null;
        do
        {
            var query = $"metrics/get-history?run_id={Uri.EscapeDataString(runId)}&metric_key={Uri.EscapeDataString(key)}&max_results={HistoryPageSize}"
                + (page is null ? "" : "&page_token=" + Uri.EscapeDataString(page));
            var answer = await transport.GetAsync(Api + query, cancellationToken).ConfigureAwait(false);
            var metrics = answer["metrics"]?.AsArray() ?? [];
            result.AddRange(metrics.Select(m => MlflowJson.Metric(m!)));
            // An empty page with a token (what MLflow sends when max_results is missing) ends the loop too.
            page = metrics.Count > 0 ? answer["next_page_token"]?.GetValue<string>() : null;
        }
        while (!string.IsNullOrEmpty(page));
        return result;
    }

    public async Task<IReadOnlyList<MlflowRun>> SearchRunsAsync(IReadOnlyList<string> experimentIds, string? filter, int maxResults = 100, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject
        {
            ["experiment_ids"] = new JsonArray(experimentIds.Select(id => (JsonNode)JsonValue.Create(id)).ToArray()),
            ["max_results"] = maxResults,
            ["order_by"] = new JsonArray(JsonValue.Create("attributes.start_time DESC")),
        };
        if (!string.IsNullOrWhiteSpace(filter))
        {
            body["filter"] = filter;
        }
        var answer = await transport.PostAsync(Api + "runs/search", body, cancellationToken).ConfigureAwait(false);
        return (answer["runs"]?.AsArray() ?? []).Select(r => MlflowJson.Run(r!)).ToList();
    }

    public async Task EnsureRegisteredModelAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            await transport.PostAsync(Api + "registered-models/create", new JsonObject { ["name"] = name }, cancellationToken).ConfigureAwait(false);
        }
        catch (MlflowException e) when (e.ErrorCode == "RESOURCE_ALREADY_EXISTS")
        {
            // Exists already: exactly what we wanted.
        }
    }

    public async Task<MlflowModelVersion> CreateModelVersionAsync(string name, string source, string runId, CancellationToken cancellationToken = default)
    {
        var answer = await transport.PostAsync(Api + "model-versions/create", new JsonObject
        {
            ["name"] = name,
            ["source"] = source,
            ["run_id"] = runId,
        }, cancellationToken).ConfigureAwait(false);
        return MlflowJson.ModelVersion(answer["model_version"]!);
    }

    public async Task SetAliasAsync(string name, string alias, string version, CancellationToken cancellationToken = default) =>
        await transport.PostAsync(Api + "registered-models/alias", new JsonObject
        {
            ["name"] = name,
            ["alias"] = alias,
            ["version"] = version,
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>MLflow answers a missing alias with 400 INVALID_PARAMETER_VALUE and a missing model with 404.</summary>
    public async Task<MlflowModelVersion?> GetVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        try
        {
            var answer = await transport.GetAsync($"{Api}registered-models/alias?name={Uri.EscapeDataString(name)}&alias={Uri.EscapeDataString(alias)}", cancellationToken).ConfigureAwait(false);
            return MlflowJson.ModelVersion(answer["model_version"]!);
        }
        catch (MlflowException e) when (e.ErrorCode is "RESOURCE_DOES_NOT_EXIST"
            || (e.ErrorCode == "INVALID_PARAMETER_VALUE" && e.Message.Contains("not found", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }
    }
}
