namespace MlOps.Mlflow.Outbox;

/// <summary>
/// Everything one finished run logs, gathered first so that it can be written to a server, to a
/// local store, or to the outbox, and replayed later by <see cref="OutboxSync"/>.
/// </summary>
public sealed record RunRecord
{
    /// <summary>Tag linking a server run to the record it came from; sync finds runs by it.</summary>
    public const string RecordIdTag = "mlops.outbox.run_id";

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

    /// <summary>
    /// Files that can only be written once the run exists (a result file that names the run and its
    /// registered version): asked for after the other artifacts and the registration, and uploaded
    /// before the run is marked finished, so a finished run never lacks them.
    /// </summary>
    public Func<RecordedRun, IReadOnlyList<ArtifactFile>>? ClosingArtifacts { get; init; }
}

/// <summary>A local file and where it goes under the run's artifacts (forward slashes).</summary>
public sealed record ArtifactFile(string LocalPath, string ArtifactPath);

/// <summary>Register the run's model artifact as a new version; optionally point an alias at it.</summary>
public sealed record ModelRegistration(string ModelName, string ModelArtifactPath, string? Alias)
{
    internal const string ModelTag = "mlops.outbox.register_as";
    internal const string PathTag = "mlops.outbox.model_path";
    internal const string AliasTag = "mlops.outbox.promote_alias";
    /// <summary>Set on the server run once its version exists, so a retried sync never registers twice.</summary>
    public const string RegisteredVersionTag = "mlops.registered_version";
}

/// <summary>What writing a record produced.</summary>
public sealed record RecordedRun(string TrackingUri, string ExperimentId, MlflowRunInfo Run, string? RegisteredVersion, bool Outboxed);
