namespace MlOps.Mlflow.FileStore;

public sealed partial class MlflowFileStore
{
    /// <summary>
    /// As MLflow's FileStore._log_dataset_inputs: the dataset once per experiment under
    /// <c>datasets/&lt;md5(name+digest)&gt;/meta.yaml</c>, the link under the run's
    /// <c>inputs/&lt;md5(dataset_id+run_id)&gt;/meta.yaml</c> with the input tags.
    /// </summary>
    public Task LogInputsAsync(string runId, IReadOnlyList<MlflowDatasetInput> inputs, CancellationToken cancellationToken = default)
    {
        var runDir = FindRunDirectory(runId, "log-inputs");
        var experimentDir = Path.GetDirectoryName(runDir)!;
        using var experimentLock = FileLock.Acquire(experimentDir, LockTimeout);
        foreach (var input in inputs)
        {
            var dataset = input.Dataset;
            var datasetId = MlflowIds.DatasetId(dataset.Name, dataset.Digest);
            var datasetMeta = Path.Combine(experimentDir, "datasets", datasetId, "meta.yaml");
            if (!File.Exists(datasetMeta))
            {
                AtomicFile.WriteAllText(datasetMeta, MetaYaml.Write(new Dictionary<string, object?>
                {
                    ["digest"] = dataset.Digest,
                    ["name"] = dataset.Name,
                    ["profile"] = dataset.Profile,
                    ["schema"] = dataset.Schema,
                    ["source"] = dataset.Source,
                    ["source_type"] = dataset.SourceType,
                }), TempDirectory);
            }
            var inputMeta = Path.Combine(runDir, "inputs", MlflowIds.InputId(datasetId, runId), "meta.yaml");
            if (!File.Exists(inputMeta))
            {
                AtomicFile.WriteAllText(inputMeta, MetaYaml.Write(new Dictionary<string, object?>
                {
                    ["destination_id"] = runId,
                    ["destination_type"] = "RUN",
                    ["source_id"] = datasetId,
                    ["source_type"] = "DATASET",
                    ["tags"] = new Dictionary<string, string> { [MlflowDatasetInput.ContextTag] = input.Context },
                }), TempDirectory);
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>The datasets a run logged (read back for sync).</summary>
    public IReadOnlyList<MlflowDatasetInput> ReadInputs(string runId)
    {
        var runDir = FindRunDirectory(runId, "read-inputs");
        var inputsDir = Path.Combine(runDir, "inputs");
        if (!Directory.Exists(inputsDir))
        {
            return [];
        }
        var result = new List<MlflowDatasetInput>();
        foreach (var meta in Directory.EnumerateFiles(inputsDir, "meta.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var link = MetaYaml.Read(File.ReadAllText(meta));
            var datasetMeta = Path.Combine(Path.GetDirectoryName(runDir)!, "datasets", link["source_id"] as string ?? "", "meta.yaml");
            if (!File.Exists(datasetMeta))
            {
                continue;
            }
            var d = MetaYaml.Read(File.ReadAllText(datasetMeta));
            string? Text(string key) => d.GetValueOrDefault(key) as string;
            var context = (link.GetValueOrDefault("tags") as Dictionary<string, string?>)?.GetValueOrDefault(MlflowDatasetInput.ContextTag) ?? "";
            result.Add(new MlflowDatasetInput(
                new MlflowDataset(Text("name") ?? "", Text("digest") ?? "", Text("source_type") ?? "", Text("source") ?? "", Text("schema"), Text("profile")),
                context));
        }
        return result;
    }
}
