using MlOps.Mlflow.FileStore;
using MlOps.Mlflow.Rest;

namespace MlOps.Mlflow;

/// <summary>
/// The everyday MLflow client, named after Python's <c>mlflow.MlflowClient</c>: experiments, runs,
/// metrics, params, tags, artifacts, the model registry, and <see cref="StartRunAsync"/> for a run
/// that ends itself. Works against a server (REST) or a local <c>./mlruns</c> store alike.
/// </summary>
public sealed partial class MlflowClient : IDisposable
{
    private readonly bool ownsStore;
    private readonly TimeProvider time;

    /// <summary>A client over any store; the caller keeps ownership of <paramref name="store"/>.</summary>
    /// <param name="store">A <see cref="MlflowRestClient"/>, a <see cref="MlflowFileStore"/>, or a fake.</param>
    /// <param name="timeProvider">The clock for timestamps; the system clock when null.</param>
    public MlflowClient(IMlflowStore store, TimeProvider? timeProvider = null)
        : this(store, timeProvider, ownsStore: false)
    {
    }

    private MlflowClient(IMlflowStore store, TimeProvider? timeProvider, bool ownsStore)
    {
        Store = store ?? throw new ArgumentNullException(nameof(store));
        time = timeProvider ?? TimeProvider.System;
        this.ownsStore = ownsStore;
    }

    /// <summary>
    /// A client for the tracking URI in effect (<see cref="MlflowTrackingUri.Resolve"/>): a server for
    /// http(s)://, configured from the <c>MLFLOW_*</c> variables; a Databricks workspace for <c>databricks</c> /
    /// <c>databricks://&lt;profile&gt;</c> (<see cref="Hosted.DatabricksWorkspace"/>); an Azure ML workspace for
    /// <c>azureml://…</c> (<see cref="Hosted.AzureMlWorkspace"/>); else a local file store.
    /// </summary>
    /// <param name="trackingUri">The URI to use; when null, <c>MLFLOW_TRACKING_URI</c>, else <c>./mlruns</c>.</param>
    /// <param name="environment">Variable lookup; the process environment when null.</param>
    public static MlflowClient Create(string? trackingUri = null, Func<string, string?>? environment = null)
    {
        var uri = MlflowTrackingUri.Resolve(trackingUri, environment);
        IMlflowStore store = Hosted.DatabricksWorkspace.IsDatabricksUri(uri)
            ? new MlflowRestClient(Hosted.DatabricksWorkspace.Resolve(uri, environment).ToRestOptions(environment))
            : Hosted.AzureMlWorkspace.IsAzureMlUri(uri)
            ? new MlflowRestClient(Hosted.AzureMlWorkspace.Resolve(uri, environment).ToRestOptions(environment))
            : MlflowTrackingUri.IsServer(uri)
            ? new MlflowRestClient(MlflowRestOptions.FromEnvironment(new Uri(uri), environment))
            : new MlflowFileStore(MlflowTrackingUri.LocalPath(uri));
        return new MlflowClient(store, null, ownsStore: true);
    }

    /// <summary>The store every call goes to; use its narrow interfaces for what the façade leaves out.</summary>
    public IMlflowStore Store { get; }

    /// <summary>The tracking URI in use.</summary>
    public string TrackingUri => Store.TrackingUri;

    /// <summary>The experiment with this name, or null.</summary>
    /// <param name="name">The experiment's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<MlflowExperiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default) =>
        Store.GetExperimentByNameAsync(name, cancellationToken);

    /// <summary>Finds the experiment by name or creates it; returns its id (like <c>create_experiment</c>, but safe to repeat).</summary>
    /// <param name="name">The experiment's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<string> CreateExperimentAsync(string name, CancellationToken cancellationToken = default) =>
        (await Store.GetOrCreateExperimentAsync(name, cancellationToken).ConfigureAwait(false)).ExperimentId;

    /// <summary>Active experiments, at most <paramref name="maxResults"/>.</summary>
    /// <param name="maxResults">The most experiments to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<MlflowExperiment>> SearchExperimentsAsync(int maxResults = 1000, CancellationToken cancellationToken = default) =>
        Store.SearchExperimentsAsync(maxResults, cancellationToken);

    /// <summary>Starts a run in the experiment; end it with <see cref="SetTerminatedAsync"/> (or use <see cref="StartRunAsync"/>).</summary>
    /// <param name="experimentId">The experiment's id.</param>
    /// <param name="runName">Its display name, or null for a generated one.</param>
    /// <param name="tags">Tags to set at creation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<MlflowRunInfo> CreateRunAsync(string experimentId, string? runName = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default) =>
        Store.CreateRunAsync(experimentId, runName, Now(), Tags(tags), cancellationToken);

    /// <summary>The run with its latest metrics, params and tags.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<MlflowRun> GetRunAsync(string runId, CancellationToken cancellationToken = default) => Store.GetRunAsync(runId, cancellationToken);

    /// <summary>Logs one metric value, timestamped now.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="key">The metric's key.</param>
    /// <param name="value">The value (NaN and infinities are kept, as MLflow does).</param>
    /// <param name="step">The training step.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task LogMetricAsync(string runId, string key, double value, long step = 0, CancellationToken cancellationToken = default) =>
        Store.LogBatchAsync(runId, [new MlflowMetric(key, value, Now(), step)], [], [], cancellationToken);

    /// <summary>Logs one param; a param cannot change once logged.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="key">The param's key.</param>
    /// <param name="value">Its value.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task LogParamAsync(string runId, string key, string value, CancellationToken cancellationToken = default) =>
        Store.LogBatchAsync(runId, [], [new MlflowParam(key, value)], [], cancellationToken);

    /// <summary>Sets one tag (a new value replaces the old).</summary>
    /// <param name="runId">The run.</param>
    /// <param name="key">The tag's key.</param>
    /// <param name="value">Its value.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task SetTagAsync(string runId, string key, string value, CancellationToken cancellationToken = default) =>
        Store.LogBatchAsync(runId, [], [], [new MlflowTag(key, value)], cancellationToken);

    /// <summary>Logs many values at once, split to MLflow's limits.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="metrics">Metric values, or null.</param>
    /// <param name="parameters">Params, or null.</param>
    /// <param name="tags">Tags, or null.</param>
    /// <param name="cancellationToken">Cancels the remaining requests.</param>
    public Task LogBatchAsync(string runId, IReadOnlyList<MlflowMetric>? metrics = null, IReadOnlyList<MlflowParam>? parameters = null, IReadOnlyList<MlflowTag>? tags = null, CancellationToken cancellationToken = default) =>
        Store.LogBatchAsync(runId, metrics ?? [], parameters ?? [], tags ?? [], cancellationToken);

    /// <summary>Records the datasets the run used.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="inputs">Datasets with their context.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task LogInputsAsync(string runId, IReadOnlyList<MlflowDatasetInput> inputs, CancellationToken cancellationToken = default) =>
        Store.LogInputsAsync(runId, inputs, cancellationToken);

    /// <summary>Every value of one metric, in logging order.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="key">The metric's key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<MlflowMetric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default) =>
        Store.GetMetricHistoryAsync(runId, key, cancellationToken);

    /// <summary>Runs matching an MLflow filter such as <c>metrics.loss &lt; 0.5</c> or <c>tags.`k` = 'v'</c>, newest first.</summary>
    /// <param name="experimentIds">The experiments to search.</param>
    /// <param name="filterString">MLflow's search syntax, or null for every run.</param>
    /// <param name="maxResults">The page size, at least 1.</param>
    /// <param name="pageToken">The previous page's <see cref="MlflowPage{T}.NextPageToken"/>, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<MlflowPage<MlflowRun>> SearchRunsAsync(IReadOnlyList<string> experimentIds, string? filterString = null, int maxResults = 100, string? pageToken = null, CancellationToken cancellationToken = default) =>
        Store.SearchRunsPageAsync(experimentIds, filterString, maxResults, pageToken, cancellationToken);

    /// <summary>Every matching run, newest first, fetched page by page as the caller reads.</summary>
    /// <param name="experimentIds">The experiments to search.</param>
    /// <param name="filterString">MLflow's search syntax, or null for every run.</param>
    /// <param name="pageSize">Runs per request, at least 1.</param>
    /// <param name="cancellationToken">Cancels the remaining pages.</param>
    public async IAsyncEnumerable<MlflowRun> SearchAllRunsAsync(IReadOnlyList<string> experimentIds, string? filterString = null, int pageSize = 1000,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        string? token = null;
        do
        {
            var page = await Store.SearchRunsPageAsync(experimentIds, filterString, pageSize, token, cancellationToken).ConfigureAwait(false);
            foreach (var run in page.Items)
            {
                yield return run;
            }
            token = page.NextPageToken;
        }
        while (token is not null);
    }

    /// <summary>Ends the run with <paramref name="status"/>, timestamped now.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="status">FINISHED (default), FAILED or KILLED.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task SetTerminatedAsync(string runId, MlflowRunStatus status = MlflowRunStatus.Finished, CancellationToken cancellationToken = default) =>
        Store.UpdateRunAsync(runId, status, Now(), cancellationToken);

    /// <summary>Uploads a local file into the run's artifacts, under the folder <paramref name="artifactPath"/> (as <c>log_artifact</c>).</summary>
    /// <param name="runId">The run.</param>
    /// <param name="localPath">The file to upload.</param>
    /// <param name="artifactPath">The artifact folder to put it in, or null for the root.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    public async Task LogArtifactAsync(string runId, string localPath, string? artifactPath = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(localPath);
        var run = await Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        await Store.UploadArtifactAsync(run.Info, localPath, ArtifactDestination(localPath, artifactPath), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disposes the store when this client created it (<see cref="Create"/>).</summary>
    public void Dispose()
    {
        if (ownsStore)
        {
            (Store as IDisposable)?.Dispose();
        }
    }

    internal long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    internal static string ArtifactDestination(string localPath, string? artifactPath)
    {
        var name = Path.GetFileName(localPath);
        return string.IsNullOrEmpty(artifactPath) ? name : $"{artifactPath.TrimEnd('/', '\\')}/{name}";
    }

    private static IReadOnlyList<MlflowTag> Tags(IReadOnlyDictionary<string, string>? tags) =>
        tags?.Select(t => new MlflowTag(t.Key, t.Value)).ToList() ?? [];
}
