using System.Text.RegularExpressions;
using MlOps.Mlflow.FileStore;
using MlOps.Mlflow.Outbox;
using MlOps.Mlflow.Tests.Fakes;
using MlOps.Mlflow.Tests.Rest;

namespace MlOps.Mlflow.Tests.FileStore;

/// <summary>
/// The local store writes a logged model as a real MLflow 3.6 file-store backend did for the same scenario
/// (Data/logged-model-layout.txt): model meta.yaml, metrics with the run id, params, tags, the run's
/// outputs/ entry, a run history without the final values twice, and the registry version from models:/m-….
/// </summary>
public sealed partial class LoggedModelLayoutTests
{
    [Fact]
    public async Task A_recorded_run_leaves_the_logged_model_layout_mlflow_writes()
    {
        var root = Path.Combine(TestClients.TempDirectory(), "mlruns");
        var store = new MlflowFileStore(root);

        var recorded = await RunRecorder.RecordAsync(store, LoggedModelTranscriptTests.Record(TestClients.TempDirectory(), "local"), TestClients.Tags);

        var model = recorded.LoggedModel!;
        Assert.Equal(MlflowLoggedModelStatus.Ready, model.Status);
        var paths = new Dictionary<string, string>
        {
            ["<exp>"] = recorded.ExperimentId,
            ["<run>"] = recorded.Run.RunId,
            ["<model>"] = model.ModelId,
        };
        foreach (var (section, expected) in Sections())
        {
            var path = paths.Aggregate(section, (p, kv) => p.Replace(kv.Key, kv.Value, StringComparison.Ordinal));
            Assert.True(File.Exists(Path.Combine(root, path)), $"missing {section}");
            Assert.Equal(Normalize(expected), Normalize(File.ReadAllText(Path.Combine(root, path))));
        }
        // Its files are in its own artifacts folder, the MLmodel stamped with its id.
        var artifacts = Path.Combine(root, recorded.ExperimentId, "models", model.ModelId, "artifacts");
        Assert.Equal(["MLmodel", "input_example.json", "model.safetensors", "serving_input_example.json"],
            Directory.EnumerateFiles(artifacts).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains($"model_id: {model.ModelId}\n", File.ReadAllText(Path.Combine(artifacts, "MLmodel")), StringComparison.Ordinal);
        Assert.Equal(new Uri(artifacts).AbsoluteUri, model.ArtifactUri);
        Assert.Equal([model.ModelId], (await store.SearchLoggedModelsAsync([recorded.ExperimentId], $"source_run_id = '{recorded.Run.RunId}'")).Items.Select(m => m.ModelId));
        Assert.Empty((await store.SearchLoggedModelsAsync([recorded.ExperimentId], "name = 'other'")).Items);
    }

    [Fact]
    public async Task A_failure_after_the_model_was_created_leaves_it_UPLOAD_FAILED_and_is_thrown()
    {
        var store = new MlflowFileStore(Path.Combine(TestClients.TempDirectory(), "mlruns"));
        var record = LoggedModelTranscriptTests.Record(TestClients.TempDirectory(), "failing");
        record = record with { Artifacts = [.. record.Artifacts, new ArtifactFile(Path.Combine(TestClients.TempDirectory(), "gone.bin"), "model/gone.bin")] };

        await Assert.ThrowsAsync<FileNotFoundException>(() => RunRecorder.RecordAsync(store, record, TestClients.Tags));

        var experiment = (await store.GetExperimentByNameAsync("failing"))!;
        var model = Assert.Single((await store.SearchLoggedModelsAsync([experiment.ExperimentId])).Items);
        Assert.Equal(MlflowLoggedModelStatus.UploadFailed, model.Status);
    }

    private static IEnumerable<(string Section, string Text)> Sections()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "FileStore", "Data", "logged-model-layout.txt"));
        foreach (var block in text.Split("### ").Skip(1))
        {
            var newline = block.IndexOf('\n', StringComparison.Ordinal);
            yield return (block[..newline].Trim(), block[(newline + 1)..]);
        }
    }

    private static string Normalize(string text)
    {
        text = Uris().Replace(text, "$1: <uri>");
        text = ModelIds().Replace(text, "<model>");
        return RecordedLayout.Normalize(text).TrimEnd('\n') + "\n";
    }

    [GeneratedRegex(@"(artifact_location|storage_location): .*")]
    private static partial Regex Uris();

    [GeneratedRegex("m-[0-9a-f]{32}")]
    private static partial Regex ModelIds();
}
