using System.Globalization;
using System.Text;

namespace MlOps.Mlflow.FileStore;

public sealed partial class MlflowFileStore
{
    /// <inheritdoc />
    public Task<MlflowRunInfo> CreateRunAsync(string experimentId, string? runName, long startTime, IReadOnlyList<MlflowTag> tags, CancellationToken cancellationToken = default)
    {
        var experimentDir = Path.Combine(Root, experimentId);
        if (!File.Exists(Path.Combine(experimentDir, "meta.yaml")))
        {
            throw new MlflowException("create-run", null, "RESOURCE_DOES_NOT_EXIST", $"Could not find experiment with ID {experimentId} in {Root}");
        }
        var runId = MlflowIds.NewRunId();
        var runDir = Path.Combine(experimentDir, runId);
        var name = string.IsNullOrEmpty(runName) ? tags.FirstOrDefault(t => t.Key == "mlflow.runName")?.Value ?? runId[..8] : runName;
        var user = tags.FirstOrDefault(t => t.Key == "mlflow.user")?.Value ?? "unknown";
        var info = new MlflowRunInfo(runId, experimentId, name, MlflowRunStatus.Running, startTime, null,
            new Uri(Path.Combine(runDir, "artifacts")).AbsoluteUri, "active");
        using var experimentLock = FileLock.Acquire(experimentDir, LockTimeout);
        foreach (var folder in new[] { "metrics", "params", "tags", "artifacts" })
        {
            Directory.CreateDirectory(Path.Combine(runDir, folder));
        }
        WriteRunMeta(runDir, info, user);
        var allTags = tags.Where(t => t.Key != "mlflow.runName").Prepend(new MlflowTag("mlflow.runName", name));
        foreach (var tag in allTags)
        {
            AtomicFile.WriteAllText(Path.Combine(runDir, "tags", tag.Key), tag.Value, TempDirectory);
        }
        return Task.FromResult(info);
    }

    /// <inheritdoc />
    public Task LogBatchAsync(string runId, IReadOnlyList<MlflowMetric> metrics, IReadOnlyList<MlflowParam> parameters, IReadOnlyList<MlflowTag> tags, CancellationToken cancellationToken = default)
    {
        MlflowLimits.Validate(metrics, parameters, tags);
        var runDir = FindRunDirectory(runId, "log-batch");
        using var experimentLock = FileLock.Acquire(Path.GetDirectoryName(runDir)!, LockTimeout);
        foreach (var param in parameters)
        {
            var path = Path.Combine(runDir, "params", param.Key);
            if (File.Exists(path))
            {
                var old = File.ReadAllText(path);
                if (old != param.Value)
                {
                    throw new MlflowException("log-batch", null, "INVALID_PARAMETER_VALUE",
                        $"Changing param values is not allowed. Param with key='{param.Key}' was already logged with value='{old}' for run ID='{runId}'. Attempted logging new value '{param.Value}'.");
                }
                continue;
            }
            AtomicFile.WriteAllText(path, param.Value, TempDirectory);
        }
        foreach (var tag in tags)
        {
            AtomicFile.WriteAllText(Path.Combine(runDir, "tags", tag.Key), tag.Value, TempDirectory);
        }
        foreach (var group in metrics.GroupBy(m => m.Key))
        {
            var lines = new StringBuilder();
            foreach (var m in group)
            {
                lines.Append(CultureInfo.InvariantCulture, $"{m.Timestamp} {PythonFloat.Format(m.Value)} {m.Step}\n");
            }
            AtomicFile.Append(Path.Combine(runDir, "metrics", group.Key), lines.ToString());
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task UpdateRunAsync(string runId, MlflowRunStatus status, long endTime, CancellationToken cancellationToken = default)
    {
        var runDir = FindRunDirectory(runId, "update-run");
        using var experimentLock = FileLock.Acquire(Path.GetDirectoryName(runDir)!, LockTimeout);
        var (info, user) = ReadRunInfo(runDir);
        WriteRunMeta(runDir, info with { Status = status, EndTime = endTime }, user);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<MlflowRun> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        Task.FromResult(ReadRun(FindRunDirectory(runId, "get-run")));

    /// <inheritdoc />
    public Task<IReadOnlyList<MlflowMetric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(ReadMetricFile(Path.Combine(FindRunDirectory(runId, "get-metric-history"), "metrics", key), key));

    /// <inheritdoc />
    public async Task<IReadOnlyList<MlflowRun>> SearchRunsAsync(IReadOnlyList<string> experimentIds, string? filter, int maxResults = 100, CancellationToken cancellationToken = default) =>
        (await SearchRunsPageAsync(experimentIds, filter, maxResults, null, cancellationToken).ConfigureAwait(false)).Items;

    /// <inheritdoc />
    public Task<MlflowPage<MlflowRun>> SearchRunsPageAsync(IReadOnlyList<string> experimentIds, string? filter, int maxResults, string? pageToken, CancellationToken cancellationToken = default)
    {
        // As MLflow's sqlite store: a page holds at least one run, so paging always moves on.
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResults, 1);
        var offset = PageToken.Offset(pageToken);
        var clauses = RunFilter.Parse(filter);
        var runs = experimentIds
            .Select(id => Path.Combine(Root, id))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateDirectories)
            .Where(d => File.Exists(Path.Combine(d, "meta.yaml")))
            .Select(ReadRun)
            .Where(r => r.Info.LifecycleStage == "active" && clauses.All(c => c.Matches(r)))
            .OrderByDescending(r => r.Info.StartTime)
            .ToList();
        // As MLflow's stores: a next token only when more runs remain past this page.
        var next = runs.Count > offset + maxResults ? PageToken.Create(offset + maxResults) : null;
        return Task.FromResult(new MlflowPage<MlflowRun>(runs.Skip(offset).Take(maxResults).ToList(), next));
    }

    /// <inheritdoc />
    public Task UploadArtifactAsync(MlflowRunInfo run, string localFile, string artifactPath, CancellationToken cancellationToken = default)
    {
        var artifacts = Path.GetFullPath(Path.Combine(FindRunDirectory(run.RunId, "log-artifact"), "artifacts"));
        var target = Path.GetFullPath(Path.Combine(artifacts, ArtifactPaths.Check(artifactPath)));
        if (!target.StartsWith(artifacts + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Artifact path '{artifactPath}' leaves the run's artifact folder; use a relative path without '..'.");
        }
        AtomicFile.Copy(localFile, target, TempDirectory);
        return Task.CompletedTask;
    }

    /// <summary>The local folder holding the run's artifacts.</summary>
    public string ArtifactDirectory(string runId) => Path.Combine(FindRunDirectory(runId, "artifact-directory"), "artifacts");

    /// <summary>The run's folder; MLflow keeps no index, so the experiments are searched.</summary>
    internal string FindRunDirectory(string runId, string call)
    {
        if (runId.Length == 0 || runId.Any(c => !char.IsAsciiLetterOrDigit(c)))
        {
            throw new ArgumentException($"'{runId}' is not an MLflow run id (32 hex characters).");
        }
        foreach (var experiment in Directory.EnumerateDirectories(Root))
        {
            var candidate = Path.Combine(experiment, runId);
            if (File.Exists(Path.Combine(candidate, "meta.yaml")))
            {
                return candidate;
            }
        }
        throw new MlflowException(call, null, "RESOURCE_DOES_NOT_EXIST", $"Run '{runId}' not found in {Root}");
    }

    private void WriteRunMeta(string runDir, MlflowRunInfo info, string user) =>
        AtomicFile.WriteAllText(Path.Combine(runDir, "meta.yaml"), MetaYaml.Write(new Dictionary<string, object?>
        {
            ["artifact_uri"] = info.ArtifactUri,
            ["end_time"] = info.EndTime,
            ["entry_point_name"] = "",
            ["experiment_id"] = info.ExperimentId,
            ["lifecycle_stage"] = info.LifecycleStage,
            ["run_id"] = info.RunId,
            ["run_name"] = info.RunName,
            ["source_name"] = "",
            ["source_type"] = 4,
            ["source_version"] = "",
            ["start_time"] = info.StartTime,
            ["status"] = (int)info.Status,
            ["tags"] = new YamlRaw("[]"),
            ["user_id"] = user,
        }), TempDirectory);
}
