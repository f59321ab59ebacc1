using MlOps.Mlflow.Models;
using MlOps.Mlflow.Outbox;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.Rest;

/// <summary>
/// MLflow 3 logged models against what a real MLflow 3.6.1.dev0 server answered (sqlite and file-store
/// backends, Rest/Transcripts/mlflow-3.6-*-logged-models.txt): a run's model folder becomes a logged
/// model linked to the run, with the run's final metrics, its files at the model's artifact location,
/// READY, and a registered version whose source is <c>models:/m-…</c>. With MLOPS_RECORD_MLFLOW_URI and
/// MLOPS_RECORD_TRANSCRIPT set, the same scenario runs against that server (through a recording proxy).
/// </summary>
public sealed class LoggedModelTranscriptTests
{
    public static TheoryData<string, string> Backends => new()
    {
        { "mlflow-3.6-sqlite-logged-models.txt", "logged-models-sqlite" },
        { "mlflow-3.6-file-store-logged-models.txt", "logged-models-file-store" },
    };

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task A_run_logs_its_model_folder_as_a_logged_model_and_registers_it_from_its_models_uri(string transcript, string experiment)
    {
        var recordAt = Environment.GetEnvironmentVariable("MLOPS_RECORD_MLFLOW_URI");
        var recording = recordAt is not null && Environment.GetEnvironmentVariable("MLOPS_RECORD_TRANSCRIPT") == transcript;
        if (recordAt is not null && !recording)
        {
            return;
        }
        using var server = recording ? null : new TranscriptServer(transcript);
        using var rest = TestClients.Client(recording ? new Uri(recordAt!) : server!.Uri);
        var folder = TestClients.TempDirectory();
        var record = Record(folder, experiment);

        var recorded = await RunRecorder.RecordAsync(rest, record, TestClients.Tags);

        var logged = recorded.LoggedModel!;
        Assert.StartsWith("m-", logged.ModelId, StringComparison.Ordinal);
        Assert.Equal(MlflowLoggedModelStatus.Ready, logged.Status);
        Assert.Equal(recorded.Run.RunId, logged.SourceRunId);
        Assert.Equal($"mlflow-artifacts:/{recorded.ExperimentId}/models/{logged.ModelId}/artifacts", logged.ArtifactUri);

        var read = (await rest.GetLoggedModelAsync(logged.ModelId))!;
        Assert.Equal("digits", read.Name);
        Assert.Equal(MlflowLoggedModelStatus.Ready, read.Status);
        Assert.Contains(new MlflowParam("lr", "0.01"), read.Params);
        // The final value of each metric, linked by model_id; not the earlier steps.
        Assert.Equal([("accuracy", 0.9, 2L), ("loss", 0.25, 2L)], read.Metrics.Select(m => (m.Key, m.Value, m.Step)).Order());
        Assert.Contains(read.Tags, t => t.Key == MlflowLoggedModel.ModelVersionsTag && t.Value == "[{\"name\": \"logged-digits\", \"version\": \"1\"}]");

        var found = await rest.SearchLoggedModelsAsync([recorded.ExperimentId]);
        Assert.Equal([logged.ModelId], found.Items.Select(m => m.ModelId));
        Assert.Null(await rest.GetLoggedModelAsync("m-00000000000000000000000000000000"));

        var champion = (await rest.GetVersionByAliasAsync("logged-digits", "champion"))!;
        Assert.Equal("1", recorded.RegisteredVersion);
        Assert.Equal(logged.ModelUri, champion.Source);
        Assert.Equal(recorded.Run.RunId, champion.RunId);
        if (server is not null)
        {
            Assert.Empty(server.Unused);
        }
    }

    [Fact]
    public async Task A_server_without_the_logged_models_api_gets_the_run_artifact_registration()
    {
        using var server = new FakeMlflowServer();
        using var rest = TestClients.Client(server);
        var record = Record(TestClients.TempDirectory(), "old-server");

        var recorded = await RunRecorder.RecordAsync(rest, record, TestClients.Tags);

        Assert.Null(recorded.LoggedModel);
        Assert.Contains("POST api/2.0/mlflow/logged-models", server.Requests);
        var version = (await rest.GetVersionByAliasAsync("logged-digits", "champion"))!;
        Assert.Equal($"{recorded.Run.ArtifactUri}/model", version.Source);
        Assert.DoesNotContain(server.Requests, r => r.StartsWith("PATCH", StringComparison.Ordinal) || r.Contains("runs/outputs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_logged_models_off_no_logged_model_is_asked_for()
    {
        using var server = new FakeMlflowServer();
        using var rest = new MlOps.Mlflow.Rest.MlflowRestClient(TestClients.FastOptions(server.Uri) with { UseLoggedModels = false });

        var recorded = await RunRecorder.RecordAsync(rest, Record(TestClients.TempDirectory(), "hosted"), TestClients.Tags);

        Assert.Null(recorded.LoggedModel);
        Assert.DoesNotContain(server.Requests, r => r.Contains("logged-models", StringComparison.Ordinal));
        Assert.Equal($"{recorded.Run.ArtifactUri}/model", (await rest.GetVersionByAliasAsync("logged-digits", "champion"))!.Source);
    }

    /// <summary>A finished run with a model folder (MLmodel, weights, example) and a result file beside it.</summary>
    internal static RunRecord Record(string folder, string experiment)
    {
        var model = Directory.CreateDirectory(Path.Combine(folder, "model")).FullName;
        File.WriteAllBytes(Path.Combine(model, "model.safetensors"), [.. Enumerable.Range(0, 64).Select(i => (byte)i)]);
        new MlflowModelFile
        {
            ArtifactPath = "model",
            Flavors = new Dictionary<string, IReadOnlyDictionary<string, object?>> { ["mlops"] = new Dictionary<string, object?> { ["weights"] = "model.safetensors" } },
            ModelUuid = "0123456789abcdef0123456789abcdef",
            UtcTimeCreated = new DateTime(2026, 12, 3, 11, 0, 0, DateTimeKind.Utc),
            Signature = new MlflowModelSignature([new MlflowColumnSpec("x", "double")], [new MlflowColumnSpec("label", "string")]),
            InputExample = new MlflowDataFrameExample(["x"], [[1.5]]),
        }.Save(model);
        File.WriteAllText(Path.Combine(folder, "result.json"), "{}");
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => new ArtifactFile(f, Path.GetRelativePath(folder, f).Replace('\\', '/'))).ToList();
        return new RunRecord
        {
            ExperimentName = experiment,
            RunName = "digits",
            StartTime = 1796290000000,
            EndTime = 1796290060000,
            Params = [new MlflowParam("lr", "0.01")],
            Metrics =
            [
                new MlflowMetric("loss", 0.9, 1796290001000, 0), new MlflowMetric("loss", 0.5, 1796290002000, 1), new MlflowMetric("loss", 0.25, 1796290003000, 2),
                new MlflowMetric("accuracy", 0.5, 1796290001000, 0), new MlflowMetric("accuracy", 0.8, 1796290002000, 1), new MlflowMetric("accuracy", 0.9, 1796290003000, 2),
            ],
            Artifacts = files,
            Registration = new ModelRegistration("logged-digits", "model", "champion"),
            LoggedModel = new LoggedModelRecord("digits", "model", "mlops"),
        };
    }
}
