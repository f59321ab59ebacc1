namespace MlOps.Mlflow.Outbox;

/// <summary>
/// Everything one finished run logs, gathered first so that it can be written to a server, to a
/// local store, or to the outbox, and replayed later by <see cref="OutboxSync"/>.
/// </summary>
public sealed record RunRecord
{
    public required string ExperimentName { get; init; }
    public string? RunName { get; init; }
    /// <summary>Client-generated identity, stable across outbox and server.</summary>
    public string RecordId { get; init; } = Guid.NewGuid().ToString("N");
    public long StartTime { get; init; }
    public long EndTime { get; init; }
    public MlflowRunStatus Status { get; init; } = MlflowRunStatus.Finished;
    public IReadOnlyList<MlflowTag> Tags { get; init; } = [];
    public IReadOnlyList<MlflowParam> Params { get; init; } = [];
    public IReadOnlyList<MlflowMetric> Metrics { get; init; } = [];
    public IReadOnlyList<MlflowDatasetInput> Inputs { get; init; } = [];
    public IReadOnlyList<ArtifactFile> Artifacts { get; init; } = [];
    public ModelRegistration? Registration { get; init; }
}

/// <summary>A local file and where it goes under the run's artifacts (forward slashes).</summary>
public sealed record ArtifactFile(string LocalPath, string ArtifactPath);

/// <summary>Register the run's model artifact as a new version; optionally point an alias at it.</summary>
public sealed record ModelRegistration(string ModelName, string ModelArtifactPath, string? Alias);

/// <summary>What writing a record produced.</summary>
public sealed record RecordedRun(string TrackingUri, string ExperimentId, MlflowRunInfo Run, string? RegisteredVersion, bool Outboxed);
