namespace MlOps.Mlflow;

/// <summary>The status of an MLflow 3 logged model (MLflow's <c>LoggedModelStatus</c>).</summary>
public enum MlflowLoggedModelStatus
{
    /// <summary>Created; its files are not all uploaded yet.</summary>
    Pending,
    /// <summary>Its files are uploaded.</summary>
    Ready,
    /// <summary>Uploading its files failed.</summary>
    UploadFailed,
}

/// <summary>
/// An MLflow 3 logged model (<c>m-…</c>): a model tracked on its own, linked to the run that produced
/// it, with its own artifact location, params, tags and the metrics logged with its id.
/// </summary>
/// <param name="ModelId">The id, <c>m-</c> and 32 hex digits.</param>
/// <param name="ExperimentId">The experiment it belongs to.</param>
/// <param name="Name">Its name (not unique).</param>
/// <param name="ArtifactUri">Where its files go, e.g. <c>mlflow-artifacts:/1/models/m-…/artifacts</c>.</param>
/// <param name="Status">Pending until finalized.</param>
/// <param name="SourceRunId">The run that produced it, if any.</param>
/// <param name="CreationTimestamp">Unix milliseconds.</param>
/// <param name="Tags">Its tags.</param>
/// <param name="Params">Its params.</param>
/// <param name="Metrics">Metrics logged with its id.</param>
public sealed record MlflowLoggedModel(
    string ModelId,
    string ExperimentId,
    string Name,
    string ArtifactUri,
    MlflowLoggedModelStatus Status,
    string? SourceRunId,
    long CreationTimestamp,
    IReadOnlyList<MlflowTag> Tags,
    IReadOnlyList<MlflowParam> Params,
    IReadOnlyList<MlflowMetric> Metrics)
{
    /// <summary>The URI MLflow's clients load and register it by: <c>models:/m-…</c>.</summary>
    public string ModelUri => "models:/" + ModelId;

    /// <summary>The logged model tag MLflow keeps its registered versions in (JSON list of name/version).</summary>
    public const string ModelVersionsTag = "mlflow.modelVersions";
}
