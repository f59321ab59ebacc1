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
        createTags.AddRange(record.CreationTags.Where(t => createTags.TrueForAll(c => c.Key != t.Key)));
        var run = await tracking.CreateRunAsync(experiment.ExperimentId, record.RunName, record.StartTime, createTags, cancellationToken).ConfigureAwait(false);
        try
        {
            return await CompleteAsync(tracking, record, tags, experiment.ExperimentId, run, createTags, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not MlflowUnavailableException)
        {
            // Never leave a run RUNNING when the store can still be told (a full disk, a refused call, Ctrl+C): it ends FAILED or KILLED.
            await EndQuietlyAsync(tracking, run.RunId, e is OperationCanceledException ? MlflowRunStatus.Killed : MlflowRunStatus.Failed).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<RecordedRun> CompleteAsync(IMlflowStore tracking, RunRecord record, OutboxTags tags, string experimentId, MlflowRunInfo run, List<MlflowTag> createTags, CancellationToken cancellationToken)
    {
        var otherTags = record.Tags.Where(t => createTags.TrueForAll(c => c.Key != t.Key)).ToList();
        var models = tracking as IMlflowLoggedModels;
        var logged = record.LoggedModel is { } model && models is not null
            ? await LoggedModelRecorder.CreateAsync(models, run, record, model, cancellationToken).ConfigureAwait(false)
            : null;
        if (logged is null)
        {
            await LogAsync(tracking, run, record, record.Metrics, otherTags, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // The final values are logged once, with the model id: the run shows them and so does the model.
            var final = LoggedModelRecorder.FinalMetrics(record.Metrics);
            await LoggedModelRecorder.Guard(models!, logged, async () =>
            {
                await LogAsync(tracking, run, record, LoggedModelRecorder.RunOnlyMetrics(record.Metrics, final), otherTags, cancellationToken).ConfigureAwait(false);
                await models!.LogModelMetricsAsync(run.RunId, logged.ModelId, final, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            logged = await LoggedModelRecorder.CompleteAsync(models!, logged, record, record.LoggedModel!, cancellationToken).ConfigureAwait(false);
        }
        var version = record.Registration is not { } registration ? null
            : logged is not null ? await RegisterAsync(tracking, run, logged, registration, tags, cancellationToken).ConfigureAwait(false)
            : await RegisterAsync(tracking, run, registration, tags, cancellationToken).ConfigureAwait(false);
        var recorded = new RecordedRun(tracking.TrackingUri, experimentId, run with { Status = record.Status, EndTime = record.EndTime }, version, Outboxed: false) { LoggedModel = logged };
        if (record.ClosingArtifacts is { } closing)
        {
            await UploadAsync(tracking, run, closing(recorded), cancellationToken).ConfigureAwait(false);
        }
        // Last: a finished run is a complete one (reuse looks for finished runs and reads their result file).
        await tracking.UpdateRunAsync(run.RunId, record.Status, record.EndTime, cancellationToken).ConfigureAwait(false);
        return recorded;
    }

    /// <summary>Best effort: when even this fails (the disk is still full), the owner tags let a later run or `sync --repair` finish it.</summary>
    private static async Task EndQuietlyAsync(IMlflowStore tracking, string runId, MlflowRunStatus status)
    {
        try
        {
            await tracking.UpdateRunAsync(runId, status, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MlflowException or IOException or UnauthorizedAccessException or HttpRequestException or TaskCanceledException)
        {
            // The original failure is the one to report.
        }
    }

    /// <summary>The run's metrics, params and tags, its inputs and its artifacts.</summary>
    private static async Task LogAsync(IMlflowStore tracking, MlflowRunInfo run, RunRecord record, IReadOnlyList<MlflowMetric> metrics, IReadOnlyList<MlflowTag> tags, CancellationToken cancellationToken)
    {
        await tracking.LogBatchAsync(run.RunId, metrics, record.Params, tags, cancellationToken).ConfigureAwait(false);
        if (record.Inputs.Count > 0)
        {
            await tracking.LogInputsAsync(run.RunId, record.Inputs, cancellationToken).ConfigureAwait(false);
        }
        await UploadAsync(tracking, run, record.Artifacts, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A new version from the logged model, as MLflow 3's register_model does: source <c>models:/m-…</c>
    /// with its run and model id, the version added to the model's <c>mlflow.modelVersions</c> tag.
    /// </summary>
    private static async Task<string> RegisterAsync(IMlflowStore tracking, MlflowRunInfo run, MlflowLoggedModel model, ModelRegistration registration, OutboxTags tags, CancellationToken cancellationToken)
    {
        var models = (IMlflowLoggedModels)tracking;
        await tracking.EnsureRegisteredModelAsync(registration.ModelName, cancellationToken).ConfigureAwait(false);
        var version = await models.CreateModelVersionFromLoggedModelAsync(registration.ModelName, model, cancellationToken).ConfigureAwait(false);
        await models.SetLoggedModelTagsAsync(model.ModelId, [new MlflowTag(MlflowLoggedModel.ModelVersionsTag, ModelVersionsJson(model, version))], cancellationToken).ConfigureAwait(false);
        await tracking.LogBatchAsync(run.RunId, [], [], [new MlflowTag(tags.RegisteredVersion, version.Version)], cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(registration.Alias))
        {
            await tracking.SetAliasAsync(registration.ModelName, registration.Alias, version.Version, cancellationToken).ConfigureAwait(false);
        }
        return version.Version;
    }

    /// <summary>json.dumps of [{"name": …, "version": …}], appended to what the tag held.</summary>
    private static string ModelVersionsJson(MlflowLoggedModel model, MlflowModelVersion version)
    {
        var existing = model.Tags.FirstOrDefault(t => t.Key == MlflowLoggedModel.ModelVersionsTag)?.Value;
        var entry = $"{{\"name\": {Models.PythonRepr.JsonString(version.Name)}, \"version\": {Models.PythonRepr.JsonString(version.Version)}}}";
        return existing is { Length: > 2 } && existing.EndsWith(']') ? existing[..^1] + ", " + entry + "]" : "[" + entry + "]";
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
