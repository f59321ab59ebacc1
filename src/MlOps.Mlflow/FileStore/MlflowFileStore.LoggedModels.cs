using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MlOps.Mlflow.FileStore;

/// <summary>
/// MLflow 3 logged models in the file store's layout (mlflow/store/tracking/file_store.py, as a real
/// 3.6 file-store backend wrote it): <c>&lt;experiment&gt;/models/&lt;m-id&gt;/meta.yaml</c> (status 1 PENDING,
/// 2 READY, 3 UPLOAD_FAILED; <c>lifecycle_stage</c> only until finalized, as MLflow rewrites it),
/// <c>metrics/&lt;key&gt;</c> lines <c>timestamp value step run_id</c>, <c>params/</c>, <c>tags/</c>, its files in
/// <c>artifacts/</c>, and the run's <c>outputs/&lt;m-id&gt;/meta.yaml</c>.
/// </summary>
public sealed partial class MlflowFileStore : IMlflowLoggedModels
{
    private const string LoggedModelsFolder = "models";

    /// <inheritdoc />
    public Task<MlflowLoggedModel?> CreateLoggedModelAsync(string experimentId, string name, string? sourceRunId, string? modelType, IReadOnlyList<MlflowParam> parameters, IReadOnlyList<MlflowTag> tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(tags);
        var experimentDir = Path.Combine(Root, experimentId);
        var experimentMeta = Path.Combine(experimentDir, "meta.yaml");
        if (!File.Exists(experimentMeta))
        {
            throw new MlflowException("create-logged-model", null, "RESOURCE_DOES_NOT_EXIST", $"Could not create model under experiment with ID {experimentId} - no such experiment exists.");
        }
        var location = MetaYaml.Read(File.ReadAllText(experimentMeta)).GetValueOrDefault("artifact_location") as string ?? new Uri(experimentDir).AbsoluteUri;
        var modelId = "m-" + Guid.NewGuid().ToString("N");
        var directory = Path.Combine(experimentDir, LoggedModelsFolder, modelId);
        var now = MlflowIds.NowMs();
        Directory.CreateDirectory(Path.Combine(directory, "metrics"));
        Directory.CreateDirectory(Path.Combine(directory, "params"));
        WriteLoggedModelMeta(directory, new Dictionary<string, object?>
        {
            ["artifact_location"] = $"{location.TrimEnd('/')}/{LoggedModelsFolder}/{modelId}/artifacts",
            ["creation_timestamp"] = now,
            ["experiment_id"] = experimentId,
            ["last_updated_timestamp"] = now,
            ["lifecycle_stage"] = "active",
            ["model_id"] = modelId,
            ["model_type"] = modelType,
            ["name"] = name,
            ["source_run_id"] = sourceRunId,
            ["status"] = 1,
            ["status_message"] = null,
        });
        foreach (var param in parameters)
        {
            AtomicFile.WriteAllText(Path.Combine(directory, "params", param.Key), param.Value, TempDirectory);
        }
        WriteTags(directory, tags);
        return Task.FromResult<MlflowLoggedModel?>(ReadLoggedModel(directory));
    }

    /// <inheritdoc />
    public Task<MlflowLoggedModel?> GetLoggedModelAsync(string modelId, CancellationToken cancellationToken = default) =>
        Task.FromResult(FindLoggedModel(modelId) is { } directory ? ReadLoggedModel(directory) : null);

    /// <inheritdoc />
    public Task<MlflowLoggedModel> FinalizeLoggedModelAsync(string modelId, MlflowLoggedModelStatus status, CancellationToken cancellationToken = default)
    {
        var directory = RequireLoggedModel(modelId, "finalize-logged-model");
        var meta = MetaYaml.Read(File.ReadAllText(Path.Combine(directory, "meta.yaml")));
        // As MLflow's finalize_logged_model: the model's dictionary written again, without lifecycle_stage.
        WriteLoggedModelMeta(directory, new Dictionary<string, object?>
        {
            ["artifact_location"] = meta.GetValueOrDefault("artifact_location") as string,
            ["creation_timestamp"] = LongValue(meta, "creation_timestamp"),
            ["experiment_id"] = meta.GetValueOrDefault("experiment_id") as string,
            ["last_updated_timestamp"] = MlflowIds.NowMs(),
            ["model_id"] = modelId,
            ["model_type"] = meta.GetValueOrDefault("model_type") as string,
            ["name"] = meta.GetValueOrDefault("name") as string,
            ["source_run_id"] = meta.GetValueOrDefault("source_run_id") as string,
            ["status"] = status switch { MlflowLoggedModelStatus.Ready => 2, MlflowLoggedModelStatus.UploadFailed => 3, _ => 1 },
            ["status_message"] = meta.GetValueOrDefault("status_message") as string,
        });
        return Task.FromResult(ReadLoggedModel(directory));
    }

    /// <inheritdoc />
    /// <remarks>The file store evaluates <c>name</c>, <c>model_id</c> and <c>source_run_id</c> with <c>=</c> / <c>!=</c>, joined with AND; newest first.</remarks>
    public Task<MlflowPage<MlflowLoggedModel>> SearchLoggedModelsAsync(IReadOnlyList<string> experimentIds, string? filter = null, int maxResults = 100, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experimentIds);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResults, 1);
        var clauses = FilterClauses.Parse(filter, LoggedModelClause(), "use name, model_id or source_run_id with = or != and a quoted value, joined with AND");
        var offset = PageToken.Offset(pageToken);
        var models = experimentIds
            .Select(id => Path.Combine(Root, id, LoggedModelsFolder))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateDirectories)
            .Where(d => File.Exists(Path.Combine(d, "meta.yaml")) && !IsDeleted(d))
            .Select(ReadLoggedModel)
            .Where(m => clauses.All(c => Matches(m, c)))
            .OrderByDescending(m => m.CreationTimestamp)
            .ThenBy(m => m.ModelId, StringComparer.Ordinal)
            .ToList();
        var next = models.Count > offset + maxResults ? PageToken.Create(offset + maxResults) : null;
        return Task.FromResult(new MlflowPage<MlflowLoggedModel>(models.Skip(offset).Take(maxResults).ToList(), next));
    }

    /// <inheritdoc />
    public Task SetLoggedModelTagsAsync(string modelId, IReadOnlyList<MlflowTag> tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        WriteTags(RequireLoggedModel(modelId, "set-logged-model-tags"), tags);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task LogModelOutputAsync(string runId, string modelId, long step, CancellationToken cancellationToken = default)
    {
        var output = Path.Combine(FindRunDirectory(runId, "log-outputs"), "outputs", modelId, "meta.yaml");
        if (!File.Exists(output))
        {
            // MLflow's _FileStoreOutput writes the model id as source and destination alike.
            AtomicFile.WriteAllText(output, MetaYaml.Write(new Dictionary<string, object?>
            {
                ["destination_id"] = modelId,
                ["destination_type"] = "MODEL_OUTPUT",
                ["source_id"] = modelId,
                ["source_type"] = "RUN_OUTPUT",
                ["step"] = step,
                ["tags"] = new Dictionary<string, string>(),
            }), TempDirectory);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task LogModelMetricsAsync(string runId, string modelId, IReadOnlyList<MlflowMetric> metrics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var directory = RequireLoggedModel(modelId, "log-batch");
        await LogBatchAsync(runId, metrics, [], [], cancellationToken).ConfigureAwait(false);
        foreach (var group in metrics.GroupBy(m => m.Key))
        {
            var lines = new StringBuilder();
            foreach (var m in group)
            {
                lines.Append(CultureInfo.InvariantCulture, $"{m.Timestamp} {PythonFloat.Format(m.Value)} {m.Step} {runId}\n");
            }
            AtomicFile.Append(Path.Combine(directory, "metrics", group.Key), lines.ToString());
        }
    }

    /// <inheritdoc />
    public Task UploadLoggedModelArtifactAsync(MlflowLoggedModel model, string localFile, string artifactPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var artifacts = Path.GetFullPath(new Uri(model.ArtifactUri).LocalPath);
        var target = Path.GetFullPath(Path.Combine(artifacts, ArtifactPaths.Check(artifactPath)));
        if (!target.StartsWith(artifacts + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Artifact path '{artifactPath}' leaves the model's artifact folder; use a relative path without '..'.");
        }
        AtomicFile.Copy(localFile, target, TempDirectory);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<MlflowModelVersion> CreateModelVersionFromLoggedModelAsync(string name, MlflowLoggedModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Task.FromResult(CreateVersion(name, model.ModelUri, model.SourceRunId ?? "", model.ModelId, model.ArtifactUri));
    }

    private string? FindLoggedModel(string modelId)
    {
        if (!LoggedModelId().IsMatch(modelId))
        {
            return null;
        }
        return Directory.EnumerateDirectories(Root)
            .Select(experiment => Path.Combine(experiment, LoggedModelsFolder, modelId))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "meta.yaml")) && !IsDeleted(d));
    }

    private string RequireLoggedModel(string modelId, string call) =>
        FindLoggedModel(modelId) ?? throw new MlflowException(call, null, "RESOURCE_DOES_NOT_EXIST", $"Model '{modelId}' not found");

    private static bool IsDeleted(string directory) =>
        MetaYaml.Read(File.ReadAllText(Path.Combine(directory, "meta.yaml"))).GetValueOrDefault("lifecycle_stage") as string == "deleted";

    private void WriteLoggedModelMeta(string directory, Dictionary<string, object?> values) =>
        AtomicFile.WriteAllText(Path.Combine(directory, "meta.yaml"), MetaYaml.Write(values), TempDirectory);

    private void WriteTags(string directory, IReadOnlyList<MlflowTag> tags)
    {
        foreach (var tag in tags)
        {
            AtomicFile.WriteAllText(Path.Combine(directory, "tags", tag.Key), tag.Value, TempDirectory);
        }
    }

    private static MlflowLoggedModel ReadLoggedModel(string directory)
    {
        var meta = MetaYaml.Read(File.ReadAllText(Path.Combine(directory, "meta.yaml")));
        var status = (meta.GetValueOrDefault("status") as string) switch
        {
            "2" => MlflowLoggedModelStatus.Ready,
            "3" => MlflowLoggedModelStatus.UploadFailed,
            _ => MlflowLoggedModelStatus.Pending,
        };
        var metrics = ListFiles(directory, "metrics").SelectMany(key => ReadMetricFile(Path.Combine(directory, "metrics", key), key)).ToList();
        return new MlflowLoggedModel(
            meta.GetValueOrDefault("model_id") as string ?? Path.GetFileName(directory),
            meta.GetValueOrDefault("experiment_id") as string ?? "",
            meta.GetValueOrDefault("name") as string ?? "",
            meta.GetValueOrDefault("artifact_location") as string ?? "",
            status,
            meta.GetValueOrDefault("source_run_id") as string,
            LongValue(meta, "creation_timestamp"),
            [.. ReadKeyValues(directory, "tags").Select(kv => new MlflowTag(kv.Key, kv.Value))],
            [.. ReadKeyValues(directory, "params").Select(kv => new MlflowParam(kv.Key, kv.Value))],
            metrics);
    }

    private static long LongValue(Dictionary<string, object?> meta, string key) =>
        long.TryParse(meta.GetValueOrDefault(key) as string, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static bool Matches(MlflowLoggedModel model, Match clause)
    {
        var actual = clause.Groups["field"].Value switch
        {
            "name" => model.Name,
            "model_id" => model.ModelId,
            _ => model.SourceRunId,
        };
        var equal = actual == FilterClauses.Unquote(clause.Groups["value"].Value);
        return clause.Groups["op"].Value == "=" ? equal : !equal;
    }

    [GeneratedRegex(@"^(?<field>name|model_id|source_run_id)\s*(?<op>!=|=)\s*'(?<value>(?:[^']|'')*)'$")]
    private static partial Regex LoggedModelClause();

    [GeneratedRegex("^m-[0-9a-f]{32}$")]
    private static partial Regex LoggedModelId();
}
