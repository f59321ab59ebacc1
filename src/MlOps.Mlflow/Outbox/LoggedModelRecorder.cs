using MlOps.Mlflow.Models;

namespace MlOps.Mlflow.Outbox;

/// <summary>
/// The run's model as an MLflow 3 logged model, in the order MLflow 3.6's <c>log_model</c> takes:
/// create it (PENDING, linked to the run, with the run's params) and record it as the run's output;
/// the run's final metrics are then logged with its <c>model_id</c> (once: not again as run-only
/// metrics); last its files go to its artifact location (the MLmodel stamped with its id) and it is
/// finalized READY. A failure in between marks it UPLOAD_FAILED, as MLflow does, and is thrown.
/// </summary>
internal static class LoggedModelRecorder
{
    /// <summary>Null when the server has no logged-models API (MLflow 2): the caller keeps to run artifacts.</summary>
    public static async Task<MlflowLoggedModel?> CreateAsync(IMlflowLoggedModels models, MlflowRunInfo run, RunRecord record, LoggedModelRecord spec, CancellationToken ct)
    {
        var created = await models.CreateLoggedModelAsync(run.ExperimentId, spec.Name, run.RunId, spec.ModelType, record.Params, [], ct).ConfigureAwait(false);
        if (created is null)
        {
            return null;
        }
        var final = FinalMetrics(record.Metrics);
        await Guard(models, created, () => models.LogModelOutputAsync(run.RunId, created.ModelId, final.Count == 0 ? 0 : final.Max(m => m.Step), ct)).ConfigureAwait(false);
        return created;
    }

    /// <summary>Uploads the model folder and finalizes the model READY.</summary>
    public static Task<MlflowLoggedModel> CompleteAsync(IMlflowLoggedModels models, MlflowLoggedModel model, RunRecord record, LoggedModelRecord spec, CancellationToken ct) =>
        Guard(models, model, async () =>
        {
            await UploadAsync(models, model, record.Artifacts, spec.ArtifactPath, ct).ConfigureAwait(false);
            return await models.FinalizeLoggedModelAsync(model.ModelId, MlflowLoggedModelStatus.Ready, ct).ConfigureAwait(false);
        });

    /// <summary>Runs a step of a created model; on failure (not a cancellation or an unreachable server) marks it UPLOAD_FAILED and rethrows.</summary>
    public static async Task Guard(IMlflowLoggedModels models, MlflowLoggedModel model, Func<Task> step) =>
        await Guard(models, model, async () =>
        {
            await step().ConfigureAwait(false);
            return model;
        }).ConfigureAwait(false);

    private static async Task<T> Guard<T>(IMlflowLoggedModels models, MlflowLoggedModel model, Func<Task<T>> step)
    {
        try
        {
            return await step().ConfigureAwait(false);
        }
        catch (Exception e) when (e is (MlflowException and not MlflowUnavailableException) or IOException or UnauthorizedAccessException)
        {
            await models.FinalizeLoggedModelAsync(model.ModelId, MlflowLoggedModelStatus.UploadFailed, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The last value of each metric (highest step, then latest timestamp): what the model scored.</summary>
    internal static IReadOnlyList<MlflowMetric> FinalMetrics(IEnumerable<MlflowMetric> metrics) =>
        [.. metrics.GroupBy(m => m.Key, StringComparer.Ordinal)
            .Select(g => g.OrderBy(m => m.Step).ThenBy(m => m.Timestamp).Last())
            .OrderBy(m => m.Key, StringComparer.Ordinal)];

    /// <summary>The metrics that are only the run's: all but the final ones, which go with the model id.</summary>
    internal static IReadOnlyList<MlflowMetric> RunOnlyMetrics(IReadOnlyList<MlflowMetric> metrics, IReadOnlyList<MlflowMetric> final)
    {
        var linked = new HashSet<MlflowMetric>(final, ReferenceEqualityComparer.Instance);
        return [.. metrics.Where(m => !linked.Contains(m))];
    }
    private static async Task UploadAsync(IMlflowLoggedModels models, MlflowLoggedModel model, IReadOnlyList<ArtifactFile> artifacts, string folder, CancellationToken ct)
    {
        var prefix = folder.Trim('/');
        prefix = prefix.Length == 0 ? "" : prefix + "/";
        foreach (var artifact in artifacts.Where(a => a.ArtifactPath.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var relative = artifact.ArtifactPath[prefix.Length..];
            if (relative != MlflowModelFile.FileName)
            {
                await models.UploadLoggedModelArtifactAsync(model, artifact.LocalPath, relative, ct).ConfigureAwait(false);
                continue;
            }
            var stamped = Path.Combine(Path.GetTempPath(), $"MLmodel-{model.ModelId}-{Guid.NewGuid():N}");
            try
            {
                await File.WriteAllTextAsync(stamped, MlModelStamp.ForLoggedModel(await File.ReadAllTextAsync(artifact.LocalPath, ct).ConfigureAwait(false), model), ct).ConfigureAwait(false);
                await models.UploadLoggedModelArtifactAsync(model, stamped, relative, ct).ConfigureAwait(false);
            }
            finally
            {
                File.Delete(stamped);
            }
        }
    }
}
