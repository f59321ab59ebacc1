namespace MlOps.Mlflow.Outbox;

/// <summary>
/// Everything one finished run logs, gathered first so that it can be written to a server, to a
/// local store, or to the outbox, and replayed later by <see cref="OutboxSync"/>.
/// </summary>
public sealed record RunRecord
{
    /// <summary>The experiment, created if missing.</summary>
    public required string ExperimentName { get; init; }
    /// <summary>The run's display name.</summary>
    public string? RunName { get; init; }
    /// <summary>Client-generated identity, stable across outbox and server.</summary>
    public string RecordId { get; init; } = Guid.NewGuid().ToString("N");
    /// <summary>Unix milliseconds.</summary>
    public long StartTime { get; init; }
    /// <summary>Unix milliseconds.</summary>
    public long EndTime { get; init; }
    /// <summary>The status the run ends with.</summary>
    public MlflowRunStatus Status { get; init; } = MlflowRunStatus.Finished;
    /// <summary>Tags; <c>mlflow.*</c> ones are set when the run is created.</summary>
    public IReadOnlyList<MlflowTag> Tags { get; init; } = [];
    /// <summary>
    /// Tags (among <see cref="Tags"/> or besides them) set when the run is created rather than with
    /// the others, so that a run cut short by a kill still says what it is and who was writing it.
    /// </summary>
    public IReadOnlyList<MlflowTag> CreationTags { get; init; } = [];
    /// <summary>Params.</summary>
    public IReadOnlyList<MlflowParam> Params { get; init; } = [];
    /// <summary>Every metric value.</summary>
    public IReadOnlyList<MlflowMetric> Metrics { get; init; } = [];
    /// <summary>Datasets the run used.</summary>
    public IReadOnlyList<MlflowDatasetInput> Inputs { get; init; } = [];
    /// <summary>Files to upload as artifacts.</summary>
    public IReadOnlyList<ArtifactFile> Artifacts { get; init; } = [];
    /// <summary>The model version to register from the run, if any.</summary>
    public ModelRegistration? Registration { get; init; }

    /// <summary>
    /// The run's model folder also logged as an MLflow 3 logged model (where the store offers them);
    /// the registration then comes from <c>models:/m-…</c>. Null: run artifacts only.
    /// </summary>
    public LoggedModelRecord? LoggedModel { get; init; }

    /// <summary>
    /// Files that can only be written once the run exists (a result file that names the run and its
    /// registered version): asked for after the other artifacts and the registration, and uploaded
    /// before the run is marked finished, so a finished run never lacks them.
    /// </summary>
    public Func<RecordedRun, IReadOnlyList<ArtifactFile>>? ClosingArtifacts { get; init; }
}

/// <summary>A local file and where it goes under the run's artifacts (forward slashes).</summary>
public sealed record ArtifactFile(string LocalPath, string ArtifactPath);

/// <summary>Register the run's model folder (<see cref="ModelArtifactPath"/>, relative to the artifact root; "" for the root) as a new version; optionally point an alias at it.</summary>
public sealed record ModelRegistration(string ModelName, string ModelArtifactPath, string? Alias);

/// <summary>A logged model made of the run's artifacts under <paramref name="ArtifactPath"/> ("" for all), named <paramref name="Name"/>.</summary>
public sealed record LoggedModelRecord(string Name, string ArtifactPath, string? ModelType = null);

/// <summary>What writing a record produced.</summary>
public sealed record RecordedRun(string TrackingUri, string ExperimentId, MlflowRunInfo Run, string? RegisteredVersion, bool Outboxed)
{
    /// <summary>The MLflow 3 logged model, when one was logged.</summary>
    public MlflowLoggedModel? LoggedModel { get; init; }
}
