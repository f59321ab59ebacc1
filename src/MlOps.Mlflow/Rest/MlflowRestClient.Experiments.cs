using System.Text.Json.Nodes;

namespace MlOps.Mlflow.Rest;

/// <summary>Experiment search with MLflow's page tokens.</summary>
public sealed partial class MlflowRestClient
{
    /// <inheritdoc />
    public async Task<MlflowPage<MlflowExperiment>> SearchExperimentsPageAsync(int maxResults, string? pageToken, CancellationToken cancellationToken = default)
    {
        // As for runs: max_results 0 would page forever on a file-store backend.
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResults, 1);
        var body = new JsonObject { ["max_results"] = maxResults };
        if (!string.IsNullOrEmpty(pageToken))
        {
            body["page_token"] = pageToken;
        }
        var answer = await transport.PostAsync(Api + "experiments/search", body, cancellationToken).ConfigureAwait(false);
        var experiments = (answer["experiments"]?.AsArray() ?? []).Select(e => MlflowJson.Experiment(e!)).ToList();
        var next = answer["next_page_token"]?.GetValue<string>();
        // An empty page ends the paging even with a token (sqlite's answer after a last full page).
        return new MlflowPage<MlflowExperiment>(experiments, experiments.Count == 0 || string.IsNullOrEmpty(next) ? null : next);
    }
}
