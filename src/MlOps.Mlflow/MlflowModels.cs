namespace MlOps.Mlflow;

/// <summary>MLflow's RunStatus; the numbers are the ones the file store writes in meta.yaml.</summary>
public enum MlflowRunStatus
{
    Running = 1,
    Scheduled = 2,
    Finished = 3,
    Failed = 4,
    Killed = 5,
}

public sealed record MlflowExperiment(string ExperimentId, string Name, string ArtifactLocation, string LifecycleStage);

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
public sealed record MlflowMetric(string Key, double Value, long Timestamp, long Step);

public sealed record MlflowParam(string Key, string Value);

public sealed record MlflowTag(string Key, string Value);

/// <summary>A run with its data; <see cref="Metrics"/> holds the latest value of each key.</summary>
public sealed record MlflowRun(
    MlflowRunInfo Info,
    IReadOnlyList<MlflowMetric> Metrics,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>MLflow's Dataset entity (what log-inputs sends).</summary>
public sealed record MlflowDataset(string Name, string Digest, string SourceType, string Source, string? Schema = null, string? Profile = null);

/// <summary>A dataset used by a run, with its <c>mlflow.data.context</c> (training, validation, forgetting…).</summary>
public sealed record MlflowDatasetInput(MlflowDataset Dataset, string Context)
{
    public const string ContextTag = "mlflow.data.context";
}

public sealed record MlflowModelVersion(string Name, string Version, string Source, string? RunId, string Status, IReadOnlyList<string> Aliases);
