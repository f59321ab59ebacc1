using MlOps.Mlflow.FileStore;

namespace MlOps.Mlflow.Outbox;

/// <summary>Brings one outboxed run onto the server, sending only what is not there yet.</summary>
internal sealed class RunReplay(MlflowFileStore outbox, IMlflowStore target, OutboxTags tags, string experimentName, MlflowRun local, SyncReport report)
{
    /// <summary>Returns the server's run id.</summary>
    public async Task<string> RunAsync(CancellationToken ct)
    {
        var experiment = await target.GetOrCreateExperimentAsync(experimentName, ct).ConfigureAwait(false);
        var recordId = local.Tags.GetValueOrDefault(tags.RecordId) ?? local.Info.RunId;
        var filter = $"tags.`{tags.RecordId}` = '{recordId}'";
        var found = (await target.SearchRunsAsync([experiment.ExperimentId], filter, 1, ct).ConfigureAwait(false)).FirstOrDefault();
        MlflowRunInfo info;
        MlflowRun remote;
        if (found is null)
        {
            var createTags = local.Tags.Where(t => t.Key.StartsWith("mlflow.", StringComparison.Ordinal))
                .Select(t => new MlflowTag(t.Key, t.Value)).Prepend(new MlflowTag(tags.RecordId, recordId)).ToList();
            info = await target.CreateRunAsync(experiment.ExperimentId, local.Info.RunName, local.Info.StartTime, createTags, ct).ConfigureAwait(false);
            remote = new MlflowRun(info, [], new Dictionary<string, string>(), createTags.ToDictionary(t => t.Key, t => t.Value));
        }
        else
        {
            info = found.Info;
            remote = found;
        }
        await SendDataAsync(remote, found is not null, ct).ConfigureAwait(false);
        var inputs = outbox.ReadInputs(local.Info.RunId);
        if (inputs.Count > 0)
        {
            await target.LogInputsAsync(info.RunId, inputs, ct).ConfigureAwait(false);
        }
        await SendArtifactsAsync(info, ct).ConfigureAwait(false);
        if (local.Info.Status != MlflowRunStatus.Running)
        {
            await target.UpdateRunAsync(info.RunId, local.Info.Status, local.Info.EndTime ?? local.Info.StartTime, ct).ConfigureAwait(false);
        }
        if (local.Tags.GetValueOrDefault(tags.RegisterAs) is { } model)
        {
            var registration = new ModelRegistration(model, local.Tags.GetValueOrDefault(tags.ModelPath) ?? "model", local.Tags.GetValueOrDefault(tags.PromoteAlias));
            if (remote.Tags.GetValueOrDefault(tags.RegisteredVersion) is { } done)
            {
                // Registered by an interrupted attempt: only the alias may be missing (setting it again is harmless).
                if (!string.IsNullOrEmpty(registration.Alias))
                {
                    await target.SetAliasAsync(model, registration.Alias, done, ct).ConfigureAwait(false);
                }
            }
            else
            {
                await RunRecorder.RegisterAsync(target, info, registration, tags, ct).ConfigureAwait(false);
            }
        }
        return info.RunId;
    }

    private async Task SendDataAsync(MlflowRun remote, bool remoteExisted, CancellationToken ct)
    {
        var parameters = local.Params.Where(p => !remote.Params.ContainsKey(p.Key)).Select(p => new MlflowParam(p.Key, p.Value)).ToList();
        var runTags = local.Tags.Where(t => !tags.LocalOnly.Contains(t.Key) && remote.Tags.GetValueOrDefault(t.Key) != t.Value)
            .Select(t => new MlflowTag(t.Key, t.Value)).ToList();
        var metrics = new List<MlflowMetric>();
        foreach (var key in local.Metrics.Select(m => m.Key).Distinct())
        {
            var history = await outbox.GetMetricHistoryAsync(local.Info.RunId, key, ct).ConfigureAwait(false);
            var already = remoteExisted
                ? (await target.GetMetricHistoryAsync(remote.Info.RunId, key, ct).ConfigureAwait(false)).ToList()
                : [];
            foreach (var value in history)
            {
                // A multiset difference: a value logged twice locally is sent twice, once per missing copy.
                var match = already.FindIndex(a => a.Step == value.Step && a.Timestamp == value.Timestamp && SameValue(a.Value, value.Value));
                if (match >= 0)
                {
                    already.RemoveAt(match);
                }
                else
                {
                    metrics.Add(value);
                }
            }
        }
        if (parameters.Count + runTags.Count + metrics.Count > 0)
        {
            await target.LogBatchAsync(remote.Info.RunId, metrics, parameters, runTags, ct).ConfigureAwait(false);
        }
        report.ParamsSent += parameters.Count;
        report.MetricsSent += metrics.Count;
    }

    private async Task SendArtifactsAsync(MlflowRunInfo info, CancellationToken ct)
    {
        var root = outbox.ArtifactDirectory(local.Info.RunId);
        if (!Directory.Exists(root))
        {
            return;
        }
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            await target.UploadArtifactAsync(info, file, Path.GetRelativePath(root, file).Replace('\\', '/'), ct).ConfigureAwait(false);
            report.ArtifactsSent++;
        }
    }

    private static bool SameValue(double a, double b) => a.Equals(b) || Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Abs(a));
}
