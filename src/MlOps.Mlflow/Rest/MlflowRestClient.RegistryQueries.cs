using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace MlOps.Mlflow.Rest;

/// <summary>Reading the registry back over REST: a registered model, model-version search, removing an alias.</summary>
public sealed partial class MlflowRestClient
{
    /// <summary>DELETE registered-models/alias with a JSON body, as MLflow's Python client sends it.</summary>
    public async Task DeleteAliasAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        await transport.DeleteAsync(RegistryApi(name) + "registered-models/alias", new JsonObject
        {
            ["name"] = name,
            ["alias"] = alias,
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>MLflow answers an unknown model with 404 RESOURCE_DOES_NOT_EXIST; that is null here.</summary>
    public async Task<MlflowRegisteredModel?> GetRegisteredModelAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            var answer = await transport.GetAsync($"{RegistryApi(name)}registered-models/get?name={Uri.EscapeDataString(name)}", cancellationToken).ConfigureAwait(false);
            return MlflowJson.RegisteredModel(answer["registered_model"]!);
        }
        catch (MlflowException e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode == "RESOURCE_DOES_NOT_EXIST")
        {
            return null;
        }
    }

    /// <summary>
    /// Asks for MLflow's sqlite order (name, then newest version) explicitly: a file-store backend would
    /// otherwise order by last update first.
    /// </summary>
    public async Task<MlflowPage<MlflowModelVersion>> SearchModelVersionsPageAsync(string? filter, int maxResults, string? pageToken, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResults, 1);
        var query = $"max_results={maxResults.ToString(CultureInfo.InvariantCulture)}&order_by={Uri.EscapeDataString("name ASC")}&order_by={Uri.EscapeDataString("version_number DESC")}"
            + (string.IsNullOrWhiteSpace(filter) ? "" : "&filter=" + Uri.EscapeDataString(filter))
            + (string.IsNullOrEmpty(pageToken) ? "" : "&page_token=" + Uri.EscapeDataString(pageToken));
        var answer = await transport.GetAsync($"{Api}model-versions/search?{query}", cancellationToken).ConfigureAwait(false);
        var versions = (answer["model_versions"]?.AsArray() ?? []).Select(v => MlflowJson.ModelVersion(v!)).ToList();
        var next = answer["next_page_token"]?.GetValue<string>();
        return new MlflowPage<MlflowModelVersion>(versions, versions.Count == 0 || string.IsNullOrEmpty(next) ? null : next);
    }
}
