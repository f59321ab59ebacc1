namespace MlOps.Mlflow;

/// <summary>
/// MLflow 3 logged models (<c>/api/2.0/mlflow/logged-models</c>). Implemented by
/// <see cref="Rest.MlflowRestClient"/> and <see cref="FileStore.MlflowFileStore"/>; a server without the
/// API (MLflow 2) makes <see cref="CreateLoggedModelAsync"/> return null.
/// </summary>
public interface IMlflowLoggedModels
{
    /// <summary>A new PENDING logged model in the experiment, linked to the run; null when the server has no logged-models API.</summary>
    /// <param name="experimentId">The experiment.</param>
    /// <param name="name">The model's name.</param>
    /// <param name="sourceRunId">The run that produced it, or null.</param>
    /// <param name="modelType">A free-form type, or null.</param>
    /// <param name="parameters">Params to set on it.</param>
    /// <param name="tags">Tags to set on it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<MlflowLoggedModel?> CreateLoggedModelAsync(string experimentId, string name, string? sourceRunId, string? modelType, IReadOnlyList<MlflowParam> parameters, IReadOnlyList<MlflowTag> tags, CancellationToken cancellationToken = default);

    /// <summary>The logged model; null when there is none with that id.</summary>
    /// <param name="modelId">The <c>m-…</c> id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<MlflowLoggedModel?> GetLoggedModelAsync(string modelId, CancellationToken cancellationToken = default);

    /// <summary>Sets the final status (READY once its files are uploaded).</summary>
    /// <param name="modelId">The <c>m-…</c> id.</param>
    /// <param name="status">Ready or UploadFailed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<MlflowLoggedModel> FinalizeLoggedModelAsync(string modelId, MlflowLoggedModelStatus status, CancellationToken cancellationToken = default);

    /// <summary>Logged models of the experiments, newest first unless <paramref name="filter"/> says otherwise; one page.</summary>
    /// <param name="experimentIds">Experiments to search.</param>
    /// <param name="filter">MLflow's filter string (e.g. <c>name = 'x'</c>, <c>source_run_id = '…'</c>), or null.</param>
    /// <param name="maxResults">Page size (1 or more).</param>
    /// <param name="pageToken">The previous page's token, or null for the first.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<MlflowPage<MlflowLoggedModel>> SearchLoggedModelsAsync(IReadOnlyList<string> experimentIds, string? filter = null, int maxResults = 100, string? pageToken = null, CancellationToken cancellationToken = default);

    /// <summary>Sets tags on the logged model.</summary>
    /// <param name="modelId">The <c>m-…</c> id.</param>
    /// <param name="tags">Tags to set.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task SetLoggedModelTagsAsync(string modelId, IReadOnlyList<MlflowTag> tags, CancellationToken cancellationToken = default);

    /// <summary>Records the model as an output of the run (<c>runs/outputs</c>), at a step.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="modelId">The <c>m-…</c> id.</param>
    /// <param name="step">The step the model was produced at.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task LogModelOutputAsync(string runId, string modelId, long step, CancellationToken cancellationToken = default);

    /// <summary>Logs run metrics that also belong to the model (each with <c>model_id</c>), as MLflow's log_model links the run's metrics.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="modelId">The <c>m-…</c> id.</param>
    /// <param name="metrics">The metrics.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task LogModelMetricsAsync(string runId, string modelId, IReadOnlyList<MlflowMetric> metrics, CancellationToken cancellationToken = default);

    /// <summary>Uploads one file under the logged model's artifact location.</summary>
    /// <param name="model">The logged model.</param>
    /// <param name="localFile">The file.</param>
    /// <param name="artifactPath">Its path under the model's artifacts (forward slashes).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task UploadLoggedModelArtifactAsync(MlflowLoggedModel model, string localFile, string artifactPath, CancellationToken cancellationToken = default);

    /// <summary>A new version of a registered model from a logged model: source <c>models:/m-…</c>, with its run and model id.</summary>
    /// <param name="name">The registered model.</param>
    /// <param name="model">The logged model.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<MlflowModelVersion> CreateModelVersionFromLoggedModelAsync(string name, MlflowLoggedModel model, CancellationToken cancellationToken = default);
}
