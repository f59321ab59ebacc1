using System.Net;
using System.Text.Json.Nodes;

namespace MlOps.Mlflow.Rest;

/// <summary>
/// MLflow 3 logged models over REST, the calls MLflow 3.6's Python client makes for <c>log_model</c>:
/// <c>POST logged-models</c>, <c>POST runs/outputs</c>, <c>runs/log-batch</c> with <c>model_id</c>, the files
/// through the mlflow-artifacts proxy, <c>PATCH logged-models/&lt;id&gt;</c> (READY), and
/// <c>model-versions/create</c> from <c>models:/m-…</c>.
/// </summary>
public sealed partial class MlflowRestClient : IMlflowLoggedModels
{
    private const string LoggedModelsApi = Api + "logged-models";

    /// <inheritdoc />
    /// <remarks>
    /// An MLflow 2 server answers 404 (its HTML page, or ENDPOINT_NOT_FOUND from hosted servers): then null,
    /// and the caller keeps to run artifacts; null too, without a call, when <see cref="MlflowRestOptions.UseLoggedModels"/>
    /// is off. Any other failure is thrown.
    /// </remarks>
    public async Task<MlflowLoggedModel?> CreateLoggedModelAsync(string experimentId, string name, string? sourceRunId, string? modelType, IReadOnlyList<MlflowParam> parameters, IReadOnlyList<MlflowTag> tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(tags);
        if (!Options.UseLoggedModels)
        {
            return null;
        }
        var body = new JsonObject
        {
            ["experiment_id"] = experimentId,
            ["name"] = name,
            ["params"] = MlflowJson.KeyValues(parameters, p => p.Key, p => p.Value),
            ["tags"] = MlflowJson.KeyValues(tags, t => t.Key, t => t.Value),
        };
        if (sourceRunId is not null)
        {
            body["source_run_id"] = sourceRunId;
        }
        if (modelType is not null)
        {
            body["model_type"] = modelType;
        }
        try
        {
            var answer = await transport.PostAsync(LoggedModelsApi, body, cancellationToken).ConfigureAwait(false);
            return MlflowJson.LoggedModel(answer["model"]!);
        }
        catch (MlflowException e) when (IsMissingEndpoint(e))
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<MlflowLoggedModel?> GetLoggedModelAsync(string modelId, CancellationToken cancellationToken = default)
    {
        try
        {
            var answer = await transport.GetAsync($"{LoggedModelsApi}/{Uri.EscapeDataString(modelId)}", cancellationToken).ConfigureAwait(false);
            return MlflowJson.LoggedModel(answer["model"]!);
        }
        catch (MlflowException e) when (e.ErrorCode == "RESOURCE_DOES_NOT_EXIST")
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<MlflowLoggedModel> FinalizeLoggedModelAsync(string modelId, MlflowLoggedModelStatus status, CancellationToken cancellationToken = default)
    {
        var answer = await transport.PatchAsync($"{LoggedModelsApi}/{Uri.EscapeDataString(modelId)}", new JsonObject
        {
            ["model_id"] = modelId,
            ["status"] = MlflowJson.LoggedModelStatusName(status),
        }, cancellationToken).ConfigureAwait(false);
        return MlflowJson.LoggedModel(answer["model"]!);
    }

    /// <inheritdoc />
    public async Task<MlflowPage<MlflowLoggedModel>> SearchLoggedModelsAsync(IReadOnlyList<string> experimentIds, string? filter = null, int maxResults = 100, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experimentIds);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResults, 1);
        var body = new JsonObject
        {
            ["experiment_ids"] = new JsonArray([.. experimentIds.Select(id => (JsonNode)JsonValue.Create(id))]),
            ["max_results"] = maxResults,
        };
        if (filter is not null)
        {
            body["filter"] = filter;
        }
        if (pageToken is not null)
        {
            body["page_token"] = pageToken;
        }
        var answer = await transport.PostAsync(LoggedModelsApi + "/search", body, cancellationToken).ConfigureAwait(false);
        var models = (answer["models"]?.AsArray() ?? []).Select(m => MlflowJson.LoggedModel(m!)).ToList();
        var token = answer["next_page_token"]?.GetValue<string>();
        return new MlflowPage<MlflowLoggedModel>(models, string.IsNullOrEmpty(token) ? null : token);
    }

    /// <inheritdoc />
    public async Task SetLoggedModelTagsAsync(string modelId, IReadOnlyList<MlflowTag> tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        await transport.PatchAsync($"{LoggedModelsApi}/{Uri.EscapeDataString(modelId)}/tags", new JsonObject
        {
            ["model_id"] = modelId,
            ["tags"] = MlflowJson.KeyValues(tags, t => t.Key, t => t.Value),
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task LogModelOutputAsync(string runId, string modelId, long step, CancellationToken cancellationToken = default) =>
        await transport.PostAsync(Api + "runs/outputs", new JsonObject
        {
            ["run_id"] = runId,
            ["models"] = new JsonArray(new JsonObject { ["model_id"] = modelId, ["step"] = step }),
        }, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task LogModelMetricsAsync(string runId, string modelId, IReadOnlyList<MlflowMetric> metrics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        MlflowLimits.Validate(metrics, [], []);
        foreach (var (ms, _, _) in MlflowLimits.Split(metrics, [], []))
        {
            await transport.PostAsync(Api + "runs/log-batch", new JsonObject
            {
                ["run_id"] = runId,
                ["metrics"] = new JsonArray([.. ms.Select(m => (JsonNode)new JsonObject
                {
                    ["key"] = m.Key,
                    ["value"] = MlflowJson.MetricValue(m.Value),
                    ["timestamp"] = m.Timestamp,
                    ["step"] = m.Step,
                    ["model_id"] = modelId,
                })]),
                ["params"] = new JsonArray(),
                ["tags"] = new JsonArray(),
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>Through the mlflow-artifacts proxy, as for runs: the model's <c>mlflow-artifacts:</c> location is the path under <c>api/2.0/mlflow-artifacts/artifacts</c>.</remarks>
    public async Task UploadLoggedModelArtifactAsync(MlflowLoggedModel model, string localFile, string artifactPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var escaped = string.Join('/', ArtifactPaths.Check(artifactPath).Split('/').Select(Uri.EscapeDataString));
        await transport.PutFileAsync($"{ArtifactsApi}/{ProxiedRoot(model.ArtifactUri)}/{escaped}", localFile, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<MlflowModelVersion> CreateModelVersionFromLoggedModelAsync(string name, MlflowLoggedModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var body = new JsonObject
        {
            ["name"] = name,
            ["source"] = model.ModelUri,
            ["model_id"] = model.ModelId,
        };
        if (model.SourceRunId is not null)
        {
            body["run_id"] = model.SourceRunId;
        }
        var answer = await transport.PostAsync(Api + "model-versions/create", body, cancellationToken).ConfigureAwait(false);
        return MlflowJson.ModelVersion(answer["model_version"]!);
    }

    /// <summary>MLflow 2 servers have no route (404, HTML or ENDPOINT_NOT_FOUND); hosted ones may say FEATURE_DISABLED / NOT_IMPLEMENTED.</summary>
    private static bool IsMissingEndpoint(MlflowException e) =>
        (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode is null or "ENDPOINT_NOT_FOUND")
        || e.ErrorCode is "ENDPOINT_NOT_FOUND" or "FEATURE_DISABLED" or "NOT_IMPLEMENTED"
        || e.StatusCode == HttpStatusCode.NotImplemented;

    /// <summary><c>mlflow-artifacts:/1/models/m-…/artifacts</c> (or with a host) → <c>1/models/m-…/artifacts</c>.</summary>
    private static string ProxiedRoot(string artifactUri)
    {
        const string scheme = "mlflow-artifacts:";
        if (!artifactUri.StartsWith(scheme, StringComparison.Ordinal))
        {
            throw new MlflowException($"the logged model's artifact location '{artifactUri}' is not served by the tracking server: start it with --serve-artifacts (the default) so files go through mlflow-artifacts");
        }
        var rest = artifactUri[scheme.Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            // mlflow-artifacts://host:port/path: the path after the authority.
            var slash = rest.IndexOf('/', 2);
            rest = slash < 0 ? "" : rest[slash..];
        }
        return string.Join('/', rest.Trim('/').Split('/').Select(s => Uri.EscapeDataString(Uri.UnescapeDataString(s))));
    }
}
