using MlOps.Mlflow.FileStore;
using MlOps.Mlflow.Outbox;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.FileStore;

/// <summary>Our mlruns/ must be what MLflow 3.5 itself writes (shared/mlflow/file-store-layout.txt).</summary>
public sealed class FileStoreLayoutTests
{
    private readonly IReadOnlyDictionary<string, string> recorded = RecordedLayout.Sections();

    private static string Read(string root, string relative) => RecordedLayout.Normalize(File.ReadAllText(Path.Combine(root, relative)));

    private string Expected(string section, Func<string, string>? adjust = null) =>
        RecordedLayout.Normalize((adjust ?? (s => s))(recorded[section]));

    [Fact]
    public async Task Experiments_runs_params_metrics_and_tags_match_what_mlflow_writes()
    {
        var root = Path.Combine(TestClients.TempDirectory(), "mlruns");
        var store = new MlflowFileStore(root);
        var experiment = await store.GetOrCreateExperimentAsync("written-by-python-filestore");
        var run = await store.CreateRunAsync(experiment.ExperimentId, "py-run", 1795938492252, []);
        await store.LogBatchAsync(run.RunId,
            [new MlflowMetric("rmse", 1, 1795938492261, 0), new MlflowMetric("rmse", 0.5, 1795938492261, 1), new MlflowMetric("rmse", 1.0 / 3, 1795938492262, 2)],
            [new MlflowParam("alpha", "0.5")], []);
        await store.UpdateRunAsync(run.RunId, MlflowRunStatus.Finished, 1795938492262);
        var runDir = $"{experiment.ExperimentId}/{run.RunId}";

        Assert.Matches("^[1-9][0-9]{17}$", experiment.ExperimentId);
        Assert.Matches("^[0-9a-f]{32}$", run.RunId);
        Assert.Equal(Expected("./0/meta.yaml"), Read(root, "0/meta.yaml"));
        Assert.Equal(Expected("./103887490579527640/meta.yaml"), Read(root, $"{experiment.ExperimentId}/meta.yaml"));
        Assert.Equal(Expected("./103887490579527640/9720ab6714d54ee6b4b76c18d6903acd/meta.yaml"), Read(root, $"{runDir}/meta.yaml"));
        Assert.Equal(Expected("9720ab6714d54ee6b4b76c18d6903acd metrics/rmse (python-written)"), Read(root, $"{runDir}/metrics/rmse"));
        // Params and tags hold the bare value, no trailing newline.
        Assert.Equal("0.5", File.ReadAllText(Path.Combine(root, runDir, "params", "alpha")));
        Assert.Equal("py-run", File.ReadAllText(Path.Combine(root, runDir, "tags", "mlflow.runName")));
        Assert.True(Directory.Exists(Path.Combine(root, ".trash")));
        foreach (var folder in new[] { "params", "metrics", "tags", "artifacts" })
        {
            Assert.True(Directory.Exists(Path.Combine(root, runDir, folder)), folder);
        }
    }

    [Fact]
    public async Task Registered_model_versions_and_aliases_match_what_mlflow_writes()
    {
        var root = Path.Combine(TestClients.TempDirectory(), "mlruns");
        var store = new MlflowFileStore(root);
        var experiment = await store.GetOrCreateExperimentAsync("csharp-client-check");
        var run = await store.CreateRunAsync(experiment.ExperimentId, "run-1", 1795938478926, []);

        var version = await RunRecorder.RegisterAsync(store, run, new ModelRegistration("csharp-model", "model", "champion"), TestClients.Tags);

        Assert.Equal("1", version);
        // The recording was made with a description "from curl" (ours is empty) before a second version existed.
        Assert.Equal(
            Expected("./models/csharp-model/meta.yaml", s => s.Replace("description: from curl", "description: ''", StringComparison.Ordinal)),
            Read(root, "models/csharp-model/meta.yaml"));
        Assert.Equal(
            Expected("./models/csharp-model/version-2/meta.yaml", s => s.Replace("version: 2", "version: 1", StringComparison.Ordinal)),
            Read(root, "models/csharp-model/version-1/meta.yaml"));
        Assert.Equal(recorded["models/csharp-model/aliases/champion"].Trim(), File.ReadAllText(Path.Combine(root, "models/csharp-model/aliases/champion")));
        Assert.Equal($"{run.ArtifactUri}/model", (await store.GetVersionByAliasAsync("csharp-model", "champion"))!.Source);
    }

    [Fact]
    public async Task Metric_files_written_by_mlflow_read_back_including_nan()
    {
        var root = Path.Combine(TestClients.TempDirectory(), "mlruns");
        var store = new MlflowFileStore(root);
        var experiment = await store.GetOrCreateExperimentAsync("read");
        var run = await store.CreateRunAsync(experiment.ExperimentId, "r", 1, []);
        var metrics = Path.Combine(store.ArtifactDirectory(run.RunId), "..", "metrics");
        await File.WriteAllTextAsync(Path.Combine(metrics, "loss"), recorded["*/4d40a67d0a50490e8f554175b256a6a7/metrics/loss"].TrimEnd('\n') + "\n");
        await File.WriteAllTextAsync(Path.Combine(metrics, "nanmetric"), recorded["*/4d40a67d0a50490e8f554175b256a6a7/metrics/nanmetric"].TrimEnd('\n') + "\n");

        var history = await store.GetMetricHistoryAsync(run.RunId, "loss");
        var latest = (await store.GetRunAsync(run.RunId)).Metrics.ToDictionary(m => m.Key);

        Assert.Equal([(0.5, 0L), (0.25, 1L)], history.Select(m => (m.Value, m.Step)));
        Assert.Equal(0.25, latest["loss"].Value);
        Assert.True(double.IsNaN(latest["nanmetric"].Value));
    }

    [Fact]
    public async Task Datasets_are_stored_once_per_experiment_and_linked_from_the_run()
    {
        var store = new MlflowFileStore(Path.Combine(TestClients.TempDirectory(), "mlruns"));
        var experiment = await store.GetOrCreateExperimentAsync("data");
        var run = await store.CreateRunAsync(experiment.ExperimentId, "r", 1, []);
        var train = new MlflowDataset("train.csv", "abc123", "local", "file:///data/train.csv", "{\"mlflow_colspec\": []}", "{\"num_rows\": 10}");

        await store.LogInputsAsync(run.RunId, [new MlflowDatasetInput(train, "training")]);
        await store.LogInputsAsync(run.RunId, [new MlflowDatasetInput(train, "training")]);

        var datasets = Directory.GetDirectories(Path.Combine(store.Root, experiment.ExperimentId, "datasets"));
        var inputMeta = File.ReadAllText(Directory.GetFiles(Path.Combine(store.Root, experiment.ExperimentId, run.RunId, "inputs"), "meta.yaml", SearchOption.AllDirectories).Single());
        Assert.Single(datasets);
        Assert.Contains("source_type: DATASET", inputMeta, StringComparison.Ordinal);
        Assert.Contains("  mlflow.data.context: training", inputMeta, StringComparison.Ordinal);
        Assert.Equal(train, store.ReadInputs(run.RunId).Single().Dataset);
    }

    [Fact]
    public async Task Changing_a_param_is_refused_like_mlflow_does()
    {
        var store = new MlflowFileStore(Path.Combine(TestClients.TempDirectory(), "mlruns"));
        var experiment = await store.GetOrCreateExperimentAsync("p");
        var run = await store.CreateRunAsync(experiment.ExperimentId, "r", 1, []);
        await store.LogBatchAsync(run.RunId, [], [new MlflowParam("lr", "0.01")], []);

        var error = await Assert.ThrowsAsync<MlflowException>(() => store.LogBatchAsync(run.RunId, [], [new MlflowParam("lr", "0.02")], []));

        Assert.Contains("Changing param values is not allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_filters_runs_by_tag_and_status()
    {
        var store = new MlflowFileStore(Path.Combine(TestClients.TempDirectory(), "mlruns"));
        var experiment = await store.GetOrCreateExperimentAsync("s");
        var done = await store.CreateRunAsync(experiment.ExperimentId, "done", 2, [new MlflowTag("mlops.spec.fingerprint", "f1")]);
        await store.CreateRunAsync(experiment.ExperimentId, "running", 3, [new MlflowTag("mlops.spec.fingerprint", "f1")]);
        await store.UpdateRunAsync(done.RunId, MlflowRunStatus.Finished, 5);

        var found = await store.SearchRunsAsync([experiment.ExperimentId], "tags.`mlops.spec.fingerprint` = 'f1' and attributes.status = 'FINISHED'");

        Assert.Equal(done.RunId, Assert.Single(found).Info.RunId);
        await Assert.ThrowsAsync<NotSupportedException>(() => store.SearchRunsAsync([experiment.ExperimentId], "metrics.loss < 1"));
    }
}
