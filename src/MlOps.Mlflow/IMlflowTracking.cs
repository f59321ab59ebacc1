namespace MlOps.Mlflow;

/// <summary>
/// The MLflow operations a training run needs, implemented by the REST API 2.0 client
/// (<see cref="Rest.MlflowRestClient"/>) and the local file store (<see cref="FileStore.MlflowFileStore"/>).
/// </summary>
public interface IMlflowTracking
{
    /// <summary>The tracking URI this instance writes to (http(s)://… or file:…).</summary>
    string TrackingUri { get; }

    /// <summary>Finds the experiment by name or creates it; safe when another writer creates it first.</summary>
    Task<MlflowExperiment> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default);

    Task<MlflowExperiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<MlflowExperiment>> SearchExperimentsAsync(int maxResults = 1000, CancellationToken cancellationToken = default);

    Task<MlflowRunInfo> CreateRunAsync(string experimentId, string? runName, long startTime, IReadOnlyList<MlflowTag> tags, CancellationToken cancellationToken = default);

    /// <summary>Logs everything, split into requests within MLflow's limits (see <see cref="MlflowLimits"/>).</summary>
    Task LogBatchAsync(string runId, IReadOnlyList<MlflowMetric> metrics, IReadOnlyList<MlflowParam> parameters, IReadOnlyList<MlflowTag> tags, CancellationToken cancellationToken = default);

    Task UpdateRunAsync(string runId, MlflowRunStatus status, long endTime, CancellationToken cancellationToken = default);

    Task LogInputsAsync(string runId, IReadOnlyList<MlflowDatasetInput> inputs, CancellationToken cancellationToken = default);

    /// <summary>Stores one local file under the run's artifacts at <paramref name="artifactPath"/> (forward slashes).</summary>
    Task UploadArtifactAsync(MlflowRunInfo run, string localFile, string artifactPath, CancellationToken cancellationToken = default);

    Task<MlflowRun> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Every value of one metric, in logging order.</summary>
    Task<IReadOnlyList<MlflowMetric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default);

    /// <summary>Runs of the experiments matching an MLflow filter such as <c>tags.`k` = 'v'</c>, newest first.</summary>
    Task<IReadOnlyList<MlflowRun>> SearchRunsAsync(IReadOnlyList<string> experimentIds, string? filter, int maxResults = 100, CancellationToken cancellationToken = default);

    /// <summary>Creates the registered model unless it exists.</summary>
    Task EnsureRegisteredModelAsync(string name, CancellationToken cancellationToken = default);

    Task<MlflowModelVersion> CreateModelVersionAsync(string name, string source, string runId, CancellationToken cancellationToken = default);

    Task SetAliasAsync(string name, string alias, string version, CancellationToken cancellationToken = default);

    /// <summary>The version an alias points at, or null when the model or alias does not exist.</summary>
    Task<MlflowModelVersion?> GetVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken = default);
}
