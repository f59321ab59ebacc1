namespace MlOps.Mlflow.Outbox;

/// <summary>Writes a <see cref="RunRecord"/> to any <see cref="IMlflowStore"/>, in MLflow's usual order.</summary>
public static class RunRecorder
{
    /// <summary>Creates the run (with the <see cref="OutboxTags.RecordId"/> tag), logs everything, ends it and registers the model if asked.</summary>
    /// <param name="tracking">Where the run goes.</param>
    /// <param name="record">The run.</param>
    /// <param name="tags">The caller's tag keys.</param>
    /// <param name="cancellationToken">Cancels the remaining calls.</param>
    public static async Task<RecordedRun> RecordAsync(IMlflowStore tracking, RunRecord record, OutboxTags tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(tags);
        var experiment = await tracking.GetOrCreateExperimentAsync(record.ExperimentName, cancellationToken).ConfigureAwait(false);
        var createTags = new List<MlflowTag> { new(tags.RecordId, record.RecordId) };
        createTags.AddRange(record.Tags.Where(t => t.Key.StartsWith("mlflow.", StringComparison.Ordinal)));
        var run = await tracking.CreateRunAsync(experiment.ExperimentId, record.RunName, record.StartTime, createTags, cancellationToken).ConfigureAwait(false);
        try
        {
            var otherTags = record.Tags.Where(t => !t.Key.StartsWith("mlflow.", StringComparison.Ordinal)).ToList();
            await tracking.LogBatchAsync(run.RunId, record.Metrics, record.Params, otherTags, cancellationToken).ConfigureAwait(false);
            if (record.Inputs.Count > 0)
            {
                await tracking.LogInputsAsync(run.RunId, record.Inputs, cancellationToken).ConfigureAwait(false);
            }
            await UploadAsync(tracking, run, record.Artifacts, cancellationToken).ConfigureAwait(false);
            var version = record.Registration is { } registration
                ? await RegisterAsync(tracking, run, registration, tags, cancellationToken).ConfigureAwait(false)
                : null;
            var recorded = new RecordedRun(tracking.TrackingUri, experiment.ExperimentId, run with { Status = record.Status, EndTime = record.EndTime }, version, Outboxed: false);
            if (record.ClosingArtifacts is { } closing)
            {
                await UploadAsync(tracking, run, closing(recorded), cancellationToken).ConfigureAwait(false);
            }
            // Last: a finished run is a complete one (reuse looks for finished runs and reads their result file).
            await tracking.UpdateRunAsync(run.RunId, record.Status, record.EndTime, cancellationToken).ConfigureAwait(false);
            return recorded;
        }
        catch (Exception e) when (e is not MlflowUnavailableException)
        {
            // A run that was started and then failed on the way (a value the store refused, a full disk)
            // must not stay RUNNING forever: it ends FAILED (KILLED when stopped), as MLflow's own client does.
            await TryEndAsync(tracking, run.RunId, e is OperationCanceledException ? MlflowRunStatus.Killed : MlflowRunStatus.Failed).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task TryEndAsync(IMlflowStore tracking, string runId, MlflowRunStatus status)
    {
        try
        {
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await tracking.UpdateRunAsync(runId, status, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), bounded.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // best effort: the original failure is what the caller must see
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static async Task UploadAsync(IMlflowArtifacts tracking, MlflowRunInfo run, IEnumerable<ArtifactFile> artifacts, CancellationToken cancellationToken)
    {
        foreach (var artifact in artifacts)
        {
            await tracking.UploadArtifactAsync(run, artifact.LocalPath, artifact.ArtifactPath, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// New version from the model's artifact folder, <c>&lt;artifact_uri&gt;/&lt;model folder&gt;</c> (the
    /// artifact root when the folder is ""), as mlflow.register_model does: a folder, so MLflow's client
    /// downloads <c>models:/name@alias</c>.
    /// </summary>
    /// <param name="tracking">The store holding the run and the registry.</param>
    /// <param name="run">The run whose artifact becomes the version.</param>
    /// <param name="registration">Model name, artifact path and optional alias.</param>
    /// <param name="tags">The caller's tag keys (<see cref="OutboxTags.RegisteredVersion"/> is set on the run).</param>
    /// <param name="cancellationToken">Cancels the remaining calls.</param>
    public static async Task<string> RegisterAsync(IMlflowStore tracking, MlflowRunInfo run, ModelRegistration registration, OutboxTags tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(tracking);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(registration);
        await tracking.EnsureRegisteredModelAsync(registration.ModelName, cancellationToken).ConfigureAwait(false);
        var folder = registration.ModelArtifactPath.Trim('/');
        var source = folder.Length == 0 ? run.ArtifactUri.TrimEnd('/') : $"{run.ArtifactUri.TrimEnd('/')}/{folder}";
        var version = await tracking.CreateModelVersionAsync(registration.ModelName, source, run.RunId, cancellationToken).ConfigureAwait(false);
        await tracking.LogBatchAsync(run.RunId, [], [], [new MlflowTag(tags.RegisteredVersion, version.Version)], cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(registration.Alias))
        {
            await tracking.SetAliasAsync(registration.ModelName, registration.Alias, version.Version, cancellationToken).ConfigureAwait(false);
        }
        return version.Version;
    }
}
