using MlOps.Mlflow.FileStore;
using MlOps.Mlflow.Outbox;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.Outbox;

/// <summary>The client writes no vocabulary of its own: every tag it adds has a key the caller chose.</summary>
public sealed class OutboxTagsTests
{
    [Fact]
    public async Task A_recorded_and_registered_run_carries_only_the_callers_tags_and_mlflows()
    {
        var folder = TestClients.TempDirectory();
        var model = Path.Combine(folder, "model.bin");
        File.WriteAllText(model, "w");
        var store = new MlflowFileStore(Path.Combine(folder, "mlruns"));
        var record = new RunRecord
        {
            ExperimentName = "e",
            RunName = "r",
            Tags = [new MlflowTag("team", "blue")],
            Artifacts = [new ArtifactFile(model, "model/model.bin")],
            Registration = new ModelRegistration("m", "model", "champion"),
        };

        var recorded = await new ResilientTracker(store, Path.Combine(folder, "outbox"), OutboxTags.WithPrefix("acme")).RecordAsync(record);
        var run = await store.GetRunAsync(recorded.Run.RunId);

        Assert.All(run.Tags.Keys, key => Assert.True(key == "team" || key.StartsWith("acme.", StringComparison.Ordinal) || key.StartsWith("mlflow.", StringComparison.Ordinal), key));
        Assert.Equal(recorded.RegisteredVersion, run.Tags["acme.registered_version"]);
        Assert.True(run.Tags.ContainsKey("acme.outbox.run_id"));
    }

    [Fact]
    public void MLflows_own_prefix_is_refused()
    {
        Assert.Throws<ArgumentException>(() => OutboxTags.WithPrefix("mlflow"));
    }
}
