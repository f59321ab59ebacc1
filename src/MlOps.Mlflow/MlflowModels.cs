namespace MlOps.Mlflow;

/// <summary>MLflow's RunStatus; the numbers are the ones the file store writes in meta.yaml.</summary>
public enum MlflowRunStatus
{
    /// <summary>The run is in progress.</summary>
    Running = 1,
    /// <summary>The run is scheduled but not started.</summary>
    Scheduled = 2,
    /// <summary>The run ended successfully.</summary>
    Finished = 3,
    /// <summary>The run ended with an error.</summary>
    Failed = 4,
    /// <summary>The run was stopped before it ended.</summary>
    Killed = 5,
}

/// <summary>An MLflow experiment: a named group of runs.</summary>
/// <param name="ExperimentId">Its id (a number as text; 18 digits in the file store).</param>
/// <param name="Name">Its unique name.</param>
/// <param name="ArtifactLocation">Where its runs' artifacts go, e.g. <c>mlflow-artifacts:/1</c> or a <c>file:</c> URI.</param>
/// <param name="LifecycleStage"><c>active</c> or <c>deleted</c>.</param>
public sealed record MlflowExperiment(string ExperimentId, string Name, string ArtifactLocation, string LifecycleStage);

/// <summary>A run's metadata (MLflow's RunInfo).</summary>
/// <param name="RunId">32 hex characters.</param>
/// <param name="ExperimentId">The experiment it belongs to.</param>
/// <param name="RunName">Its display name.</param>
/// <param name="Status">Running, finished, failed…</param>
/// <param name="StartTime">Unix milliseconds.</param>
/// <param name="EndTime">Unix milliseconds, or null while it runs.</param>
/// <param name="ArtifactUri">The root of its artifacts.</param>
/// <param name="LifecycleStage"><c>active</c> or <c>deleted</c>.</param>
public sealed record MlflowRunInfo(
    string RunId,
    string ExperimentId,
    string RunName,
    MlflowRunStatus Status,
    long StartTime,
    long? EndTime,
    string ArtifactUri,
    string LifecycleStage);

/// <summary>One metric value; timestamp in Unix milliseconds, as MLflow stores it.</summary>
/// <param name="Key">The metric's name.</param>
/// <param name="Value">The value; NaN and infinities are kept.</param>
/// <param name="Timestamp">Unix milliseconds.</param>
/// <param name="Step">The training step (0 when there is none).</param>
public sealed record MlflowMetric(string Key, double Value, long Timestamp, long Step);

/// <summary>A run's param (a setting that does not change once logged).</summary>
/// <param name="Key">The param's name.</param>
/// <param name="Value">Its value (at most <see cref="MlflowLimits.MaxParamValueLength"/> characters).</param>
public sealed record MlflowParam(string Key, string Value);

/// <summary>A run's tag (<c>mlflow.*</c> keys are MLflow's system tags).</summary>
/// <param name="Key">The tag's name.</param>
/// <param name="Value">Its value (at most <see cref="MlflowLimits.MaxTagValueLength"/> characters).</param>
public sealed record MlflowTag(string Key, string Value);

/// <summary>A run with its data; <see cref="Metrics"/> holds the latest value of each key.</summary>
/// <param name="Info">The run's metadata.</param>
/// <param name="Metrics">The latest value of each metric.</param>
/// <param name="Params">Params by key.</param>
/// <param name="Tags">Tags by key.</param>
public sealed record MlflowRun(
    MlflowRunInfo Info,
    IReadOnlyList<MlflowMetric> Metrics,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>MLflow's Dataset entity (what log-inputs sends).</summary>
/// <param name="Name">The dataset's name.</param>
/// <param name="Digest">A short hash of its content.</param>
/// <param name="SourceType">Where it comes from, e.g. <c>local</c>, <c>http</c>.</param>
/// <param name="Source">The source, as JSON text or a URI.</param>
/// <param name="Schema">Its schema as JSON text, if known.</param>
/// <param name="Profile">Its profile (row counts…) as JSON text, if known.</param>
public sealed record MlflowDataset(string Name, string Digest, string SourceType, string Source, string? Schema = null, string? Profile = null);

/// <summary>A dataset used by a run, with its <c>mlflow.data.context</c> (training, validation, forgetting…).</summary>
/// <param name="Dataset">The dataset.</param>
/// <param name="Context">How the run used it.</param>
public sealed record MlflowDatasetInput(MlflowDataset Dataset, string Context)
{
    /// <summary>The input tag MLflow reads the context from.</summary>
    public const string ContextTag = "mlflow.data.context";
}

/// <summary>A version of a registered model.</summary>
/// <param name="Name">The registered model's name.</param>
/// <param name="Version">The version number, as MLflow writes it (a string).</param>
/// <param name="Source">Where the model's files are.</param>
/// <param name="RunId">The run that produced it, if any.</param>
/// <param name="Status">MLflow's status, e.g. <c>READY</c>.</param>
/// <param name="Aliases">The aliases pointing at this version.</param>
public sealed record MlflowModelVersion(string Name, string Version, string Source, string? RunId, string Status, IReadOnlyList<string> Aliases);
