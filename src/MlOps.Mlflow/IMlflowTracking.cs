namespace MlOps.Mlflow;

/// <summary>
/// MLflow tracking: experiments and runs with their params, metrics, tags and dataset inputs.
/// Implemented by the REST client (<see cref="Rest.MlflowRestClient"/>) and the local file store
/// (<see cref="FileStore.MlflowFileStore"/>); see <see cref="IMlflowStore"/> for all of MLflow at once.
/// </summary>
public interface IMlflowTracking
{
    /// <summary>The tracking URI this instance writes to (http(s)://… or file:…).</summary>
    string TrackingUri { get; }

    /// <summary>Finds the experiment by name or creates it; safe when another writer creates it first.</summary>
    /// <param name="name">The experiment's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<MlflowExperiment> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The experiment with this name, or null when there is none.</summary>
    /// <param name="name">The experiment's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<MlflowExperiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Active experiments, at most <paramref name="maxResults"/>.</summary>
    /// <param name="maxResults">The most experiments to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<MlflowExperiment>> SearchExperimentsAsync(int maxResults = 1000, CancellationToken cancellationToken = default);

    /// <summary>Starts a run (status RUNNING).</summary>
    /// <param name="experimentId">The experiment it belongs to.</param>
    /// <param name="runName">Its display name (MLflow picks one when null).</param>
    /// <param name="startTime">Unix milliseconds.</param>
    /// <param name="tags">Tags set at creation, e.g. <c>mlflow.user</c>, <c>mlflow.source.name</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<MlflowRunInfo> CreateRunAsync(string experimentId, string? runName, long startTime, IReadOnlyList<MlflowTag> tags, CancellationToken cancellationToken = default);

    /// <summary>Logs everything, split into requests within MLflow's limits (see <see cref="MlflowLimits"/>).</summary>
    /// <param name="runId">The run.</param>
    /// <param name="metrics">Metric values (a key may repeat, one value per step).</param>
    /// <param name="parameters">Params; a param cannot change once logged.</param>
    /// <param name="tags">Tags; a tag logged again takes the new value.</param>
    /// <param name="cancellationToken">Cancels the remaining requests.</param>
    Task LogBatchAsync(string runId, IReadOnlyList<MlflowMetric> metrics, IReadOnlyList<MlflowParam> parameters, IReadOnlyList<MlflowTag> tags, CancellationToken cancellationToken = default);

    /// <summary>Sets the run's status and end time (ends it unless the status is RUNNING).</summary>
    /// <param name="runId">The run.</param>
    /// <param name="status">FINISHED, FAILED, KILLED…</param>
    /// <param name="endTime">Unix milliseconds.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task UpdateRunAsync(string runId, MlflowRunStatus status, long endTime, CancellationToken cancellationToken = default);

    /// <summary>Records the datasets the run used (MLflow's log-inputs).</summary>
    /// <param name="runId">The run.</param>
    /// <param name="inputs">Datasets with their context (training, validation…).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task LogInputsAsync(string runId, IReadOnlyList<MlflowDatasetInput> inputs, CancellationToken cancellationToken = default);

    /// <summary>The run with its latest metric values, params and tags.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<MlflowRun> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Every value of one metric, in logging order.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="key">The metric's key.</param>
    /// <param name="cancellationToken">Cancels the remaining pages.</param>
    Task<IReadOnlyList<MlflowMetric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default);

    /// <summary>Runs of the experiments matching an MLflow filter such as <c>tags.`k` = 'v'</c>, newest first.</summary>
    /// <param name="experimentIds">The experiments to search.</param>
    /// <param name="filter">MLflow's search syntax, or null for every run.</param>
    /// <param name="maxResults">The most runs to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<MlflowRun>> SearchRunsAsync(IReadOnlyList<string> experimentIds, string? filter, int maxResults = 100, CancellationToken cancellationToken = default);

    /// <summary>One page of <see cref="SearchRunsAsync"/>; pass <see cref="MlflowPage{T}.NextPageToken"/> back for the next.</summary>
    /// <param name="experimentIds">The experiments to search.</param>
    /// <param name="filter">MLflow's search syntax, or null for every run.</param>
    /// <param name="maxResults">The page size, at least 1.</param>
    /// <param name="pageToken">The previous page's token, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<MlflowPage<MlflowRun>> SearchRunsPageAsync(IReadOnlyList<string> experimentIds, string? filter, int maxResults, string? pageToken, CancellationToken cancellationToken = default);
}
