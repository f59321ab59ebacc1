using MlOps.Mlflow.FileStore;
using MlOps.Mlflow.Outbox;
using MlOps.Mlflow.Rest;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.Outbox;

/// <summary>A result file that names its own run is written once the run exists, and uploaded before the run finishes.</summary>
public sealed class ClosingArtifactsTests
{
    private static RunRecord Record(string folder, Func<RecordedRun, IReadOnlyList<ArtifactFile>> closing)
    {
        var model = Path.Combine(folder, "model.dat");
        File.WriteAllText(model, "weights");
        return new RunRecord
        {
            ExperimentName = "digits",
            RunName = "digits",
            StartTime = 1795938478000,
            EndTime = 1795938479000,
            Artifacts = [new ArtifactFile(model, "model/model.dat")],
            Registration = new ModelRegistration("digits-classifier", "model", null),
            ClosingArtifacts = closing,
        };
    }

    private static Func<RecordedRun, IReadOnlyList<ArtifactFile>> WriteResult(string folder, List<RecordedRun> seen, Func<RecordedRun, MlflowRunStatus>? statusNow = null) => run =>
    {
        seen.Add(run);
        var path = Path.Combine(folder, "result.json");
        File.WriteAllText(path, $"{run.Run.RunId} {run.RegisteredVersion} {run.Outboxed} {statusNow?.Invoke(run)}");
        return [new ArtifactFile(path, "result.json")];
    };

    [Fact]
    public async Task The_closing_file_knows_the_run_and_its_version_and_is_uploaded_before_the_run_finishes()
    {
        var folder = TestClients.TempDirectory();
        var store = new MlflowFileStore(Path.Combine(folder, "mlruns"));
        var seen = new List<RecordedRun>();
        MlflowRunStatus StatusNow(RecordedRun run) => store.GetRunAsync(run.Run.RunId).GetAwaiter().GetResult().Info.Status;

        var recorded = await RunRecorder.RecordAsync(store, Record(folder, WriteResult(folder, seen, StatusNow)), TestClients.Tags);

        Assert.Equal(recorded, Assert.Single(seen));
        var uploaded = File.ReadAllText(Path.Combine(store.ArtifactDirectory(recorded.Run.RunId), "result.json"));
        Assert.Equal($"{recorded.Run.RunId} 1 False {MlflowRunStatus.Running}", uploaded);
        Assert.Equal(MlflowRunStatus.Finished, (await store.GetRunAsync(recorded.Run.RunId)).Info.Status);
    }

    [Fact]
    public async Task In_the_outbox_the_closing_file_says_the_run_was_outboxed()
    {
        var folder = TestClients.TempDirectory();
        var outbox = Path.Combine(folder, "outbox");
        using var dead = new MlflowRestClient(TestClients.FastOptions(TestClients.DeadUri()));
        var seen = new List<RecordedRun>();

        var recorded = await new ResilientTracker(dead, outbox, TestClients.Tags).RecordAsync(Record(folder, WriteResult(folder, seen)));

        Assert.True(Assert.Single(seen).Outboxed);
        var uploaded = File.ReadAllText(Path.Combine(new MlflowFileStore(outbox).ArtifactDirectory(recorded.Run.RunId), "result.json"));
        Assert.Equal($"{recorded.Run.RunId}  True ", uploaded);
    }
}
