using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace MlOps.Mlflow.Rest;

/// <summary>MLflow REST API 2.0 over HttpClient, with retries (see <see cref="MlflowRestOptions"/>).</summary>
public sealed partial class MlflowRestClient : IMlflowStore, IDisposable
{
    private const string Api = "api/2.0/mlflow/";
    private readonly HttpClient http;
    private readonly bool ownsHttp;
    private readonly MlflowHttpTransport transport;

    /// <summary>A client for the server in <paramref name="options"/>.</summary>
    /// <param name="options">Server, credentials, TLS and retries (see <see cref="MlflowRestOptions.FromEnvironment"/>).</param>
    /// <param name="httpClient">A client to send with (e.g. from IHttpClientFactory); its handler then owns TLS. When null, one is created and disposed with this client.</param>
    /// <param name="logger">Where retries, failures and (at Debug) each call go; nothing is logged when null.</param>
    public MlflowRestClient(MlflowRestOptions options, HttpClient? httpClient = null, ILogger<MlflowRestClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        ownsHttp = httpClient is null;
        // Polly owns the timeouts; HttpClient's own 100 s default would cut across them. An injected
        // client brings its own handler, so TLS settings are then the caller's (see MlflowHttpHandler).
        http = httpClient ?? new HttpClient(MlflowHttpHandler.Create(options), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        transport = new MlflowHttpTransport(http, options, logger);
    }

    /// <summary>The options this client was created with.</summary>
    public MlflowRestOptions Options { get; }

    /// <inheritdoc />
    public string TrackingUri => Options.TrackingUri.AbsoluteUri.TrimEnd('/');

    /// <inheritdoc />
    public async Task<MlflowExperiment> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        if (await GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }
        try
        {
            var created = await transport.PostAsync(Api + "experiments/create", new JsonObject { ["name"] = name }, cancellationToken).ConfigureAwait(false);
            var id = created["experiment_id"]!.GetValue<string>();
            return (await GetExperimentAsync(id, cancellationToken).ConfigureAwait(false));
        }
        catch (MlflowException e) when (e.ErrorCode == "RESOURCE_ALREADY_EXISTS")
        {
            // Another writer created it between our lookup and our create.
            return await GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false)
                ?? throw new MlflowException("experiments/create", e.StatusCode, e.ErrorCode, $"Experiment '{name}' exists but could not be read back.", e);
        }
    }

    /// <inheritdoc />
    public async Task<MlflowExperiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            var answer = await transport.GetAsync(Api + "experiments/get-by-name?experiment_name=" + Uri.EscapeDataString(name), cancellationToken).ConfigureAwait(false);
            return MlflowJson.Experiment(answer["experiment"]!);
        }
        catch (MlflowException e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode == "RESOURCE_DOES_NOT_EXIST")
        {
            return null;
        }
    }

    /// <summary>The experiment with this id.</summary>
    /// <param name="experimentId">The experiment's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<MlflowExperiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        var answer = await transport.GetAsync(Api + "experiments/get?experiment_id=" + Uri.EscapeDataString(experimentId), cancellationToken).ConfigureAwait(false);
        return MlflowJson.Experiment(answer["experiment"]!);
    }

    /// <summary>max_results is mandatory: MLflow refuses experiments/search without it.</summary>
    public async Task<IReadOnlyList<MlflowExperiment>> SearchExperimentsAsync(int maxResults = 1000, CancellationToken cancellationToken = default)
    {
        var answer = await transport.PostAsync(Api + "experiments/search", new JsonObject { ["max_results"] = maxResults }, cancellationToken).ConfigureAwait(false);
        return (answer["experiments"]?.AsArray() ?? []).Select(e => MlflowJson.Experiment(e!)).ToList();
    }

    /// <inheritdoc />
    public async Task<MlflowRunInfo> CreateRunAsync(string experimentId, string? runName, long startTime, IReadOnlyList<MlflowTag> tags, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject
        {
            ["experiment_id"] = experimentId,
            ["start_time"] = startTime,
            ["tags"] = MlflowJson.KeyValues(tags, t => t.Key, t => t.Value),
        };
        if (!string.IsNullOrEmpty(runName))
        {
            body["run_name"] = runName;
        }
        // The run's owner comes from the caller, as in the file store: MLflow shows user_id, not the tag.
        if (tags.FirstOrDefault(t => t.Key == "mlflow.user")?.Value is { Length: > 0 } user)
        {
            body["user_id"] = user;
        }
        var answer = await transport.PostAsync(Api + "runs/create", body, cancellationToken).ConfigureAwait(false);
        return MlflowJson.RunInfo(answer["run"]!["info"]!);
    }

    /// <inheritdoc />
    public async Task LogBatchAsync(string runId, IReadOnlyList<MlflowMetric> metrics, IReadOnlyList<MlflowParam> parameters, IReadOnlyList<MlflowTag> tags, CancellationToken cancellationToken = default)
    {
        MlflowLimits.Validate(metrics, parameters, tags);
        foreach (var (ms, ps, ts) in MlflowLimits.Split(metrics, parameters, tags))
        {
            var body = new JsonObject
            {
                ["run_id"] = runId,
                ["metrics"] = new JsonArray(ms.Select(m => (JsonNode)new JsonObject
                {
                    ["key"] = m.Key,
                    ["value"] = MlflowJson.MetricValue(m.Value),
                    ["timestamp"] = m.Timestamp,
                    ["step"] = m.Step,
                }).ToArray()),
                ["params"] = MlflowJson.KeyValues(ps, p => p.Key, p => p.Value),
                ["tags"] = MlflowJson.KeyValues(ts, t => t.Key, t => t.Value),
            };
            await transport.PostAsync(Api + "runs/log-batch", body, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task UpdateRunAsync(string runId, MlflowRunStatus status, long endTime, CancellationToken cancellationToken = default) =>
        await transport.PostAsync(Api + "runs/update", new JsonObject
        {
            ["run_id"] = runId,
            ["status"] = status.ToString().ToUpperInvariant(),
            ["end_time"] = endTime,
        }, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task LogInputsAsync(string runId, IReadOnlyList<MlflowDatasetInput> inputs, CancellationToken cancellationToken = default)
    {
        if (inputs.Count == 0)
        {
            return;
        }
        var datasets = inputs.Select(i =>
        {
            var dataset = new JsonObject
            {
                ["name"] = i.Dataset.Name,
                ["digest"] = i.Dataset.Digest,
                ["source_type"] = i.Dataset.SourceType,
                ["source"] = i.Dataset.Source,
            };
            // Optional fields are left out rather than sent as null.
            if (i.Dataset.Schema is not null)
            {
                dataset["schema"] = i.Dataset.Schema;
            }
            if (i.Dataset.Profile is not null)
            {
                dataset["profile"] = i.Dataset.Profile;
            }
            return (JsonNode)new JsonObject
            {
                ["tags"] = new JsonArray(new JsonObject { ["key"] = MlflowDatasetInput.ContextTag, ["value"] = i.Context }),
                ["dataset"] = dataset,
            };
        }).ToArray();
        await transport.PostAsync(Api + "runs/log-inputs", new JsonObject { ["run_id"] = runId, ["datasets"] = new JsonArray(datasets) }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Through the mlflow-artifacts proxy: PUT api/2.0/mlflow-artifacts/artifacts/&lt;experiment&gt;/&lt;run&gt;/artifacts/&lt;path&gt;; on Databricks to a signed storage URL; on Azure ML through its artifact service to a Blob SAS URL.</summary>
    public async Task UploadArtifactAsync(MlflowRunInfo run, string localFile, string artifactPath, CancellationToken cancellationToken = default)
    {
        if (Options.DatabricksArtifacts)
        {
            ArgumentNullException.ThrowIfNull(run);
            await Hosted.DatabricksArtifactUpload.UploadAsync(transport, http, run.RunId, localFile, ArtifactPaths.Check(artifactPath), cancellationToken).ConfigureAwait(false);
            return;
        }
        if (Options.AzureMlArtifactApi is { } azureMl)
        {
            ArgumentNullException.ThrowIfNull(run);
            await Hosted.AzureMlArtifactUpload.UploadAsync(transport, http, azureMl, run.RunId, localFile, ArtifactPaths.Check(artifactPath), cancellationToken).ConfigureAwait(false);
            return;
        }
        var escaped = string.Join('/', ArtifactPaths.Check(artifactPath).Split('/').Select(Uri.EscapeDataString));
        await transport.PutFileAsync($"{ArtifactsApi}/{ArtifactRoot(run)}/{escaped}", localFile, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<MlflowRun> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        var answer = await transport.GetAsync(Api + "runs/get?run_id=" + Uri.EscapeDataString(runId), cancellationToken).ConfigureAwait(false);
        return MlflowJson.Run(answer["run"]!);
    }

    /// <summary>Disposes the HttpClient this client created (never an injected one).</summary>
    public void Dispose()
    {
        if (ownsHttp)
        {
            http.Dispose();
        }
    }
}
