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

    /// <inheritdoc />
    public async Task<IReadOnlyList<MlflowRun>> SearchRunsAsync(IReadOnlyList<string> experimentIds, string? filter, int maxResults = 100, CancellationToken cancellationToken = default) =>
        (await SearchRunsPageAsync(experimentIds, filter, maxResults, null, cancellationToken).ConfigureAwait(false)).Items;

    /// <inheritdoc />
    public async Task<MlflowPage<MlflowRun>> SearchRunsPageAsync(IReadOnlyList<string> experimentIds, string? filter, int maxResults, string? pageToken, CancellationToken cancellationToken = default)
    {
        // A file-store server answers max_results 0 with an empty page and a token to the same offset:
        // paging would never end (the sqlite backend refuses it with 400).
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResults, 1);
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
        if (!string.IsNullOrEmpty(pageToken))
        {
            body["page_token"] = pageToken;
        }
        var answer = await transport.PostAsync(Api + "runs/search", body, cancellationToken).ConfigureAwait(false);
        var runs = (answer["runs"]?.AsArray() ?? []).Select(r => MlflowJson.Run(r!)).ToList();
        var next = answer["next_page_token"]?.GetValue<string>();
        return new MlflowPage<MlflowRun>(runs, string.IsNullOrEmpty(next) ? null : next);
    }
}
