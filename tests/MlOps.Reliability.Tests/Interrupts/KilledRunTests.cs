namespace MlOps.Reliability.Tests.Interrupts;

/// <summary>
/// Real processes killed mid-training: SIGKILL then --resume ends exactly where an uninterrupted
/// run ends; SIGTERM saves a checkpoint, exits 130 and shows the run as KILLED in MLflow; a run
/// killed before its first checkpoint leaves no result.json.
/// </summary>
public sealed class KilledRunTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly SampleRepo repo = new();
    private readonly KillableRun runs;

    public KilledRunTests() => runs = new KillableRun(repo, TinySpec.Killable(repo, "killable", rows: 6000), Limit);

    public void Dispose() => repo.Dispose();

    [Fact]
    public void Sigkill_during_an_epoch_then_resume_gives_the_same_validation_metrics_as_an_uninterrupted_run()
    {
        runs.AssertSigkillThenResumeEndsLikeAnUninterruptedRun();
    }

    [Fact]
    public void Sigterm_saves_a_checkpoint_exits_130_and_the_run_shows_as_killed_in_mlflow()
    {
        var output = runs.Output("term");
        using var run = runs.StartPastFirstCheckpoint(output);

        run.Signal("TERM");

        Assert.Equal(130, run.WaitForExit(Limit));
        Assert.True(KillableRun.CheckpointExists(output), run.Output);
        Assert.False(File.Exists(Path.Combine(output, "result.json")));
        var metas = Directory.GetFiles(Path.Combine(repo.Root, "mlruns"), "meta.yaml", SearchOption.AllDirectories)
            .Where(m => File.ReadAllText(m).Contains("run_id:", StringComparison.Ordinal)).ToList();
        var meta = File.ReadAllText(Assert.Single(metas));
        Assert.Contains("status: 5", meta, StringComparison.Ordinal);
        var runFolder = Path.GetDirectoryName(metas[0])!;
        var trainLoss = File.ReadAllLines(Path.Combine(runFolder, "metrics", "train_loss"));
        Assert.InRange(trainLoss.Length, 1, 5);
        Assert.Equal("stopped", File.ReadAllText(Path.Combine(runFolder, "tags", "mlops.verdict")));
        Assert.False(Directory.Exists(Path.Combine(runFolder, "artifacts", "checkpoint")), "the checkpoint is not uploaded");
    }

    [Fact]
    public void A_run_killed_before_its_first_checkpoint_leaves_no_result_json()
    {
        // Ten times the rows: the first epoch must outlast the wait for "training" even on an idle machine.
        var early = new KillableRun(repo, TinySpec.Killable(repo, "killable-early", rows: 60_000), Limit);
        var output = early.Output("early");
        using var run = early.Start(output);
        Assert.True(run.WaitUntil(() => run.Output.Contains("training", StringComparison.Ordinal), Limit), run.Output);
        Assert.False(KillableRun.CheckpointExists(output), "the kill must land before the first checkpoint");

        run.Signal("KILL");
        run.WaitForExit(Limit);

        Assert.False(File.Exists(Path.Combine(output, "result.json")));
        var resume = early.Resume(output);
        Assert.True(resume.Exit == 2, resume.Output);
        Assert.Contains("no checkpoint", resume.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Sigterm_while_loading_data_exits_130_says_there_is_nothing_to_resume_and_leaves_no_folder()
    {
        var loading = new KillableRun(repo, TinySpec.Write(repo, "big", epochs: 2, csv: TinySpec.WideCsv(400_000)), Limit);
        var output = loading.Output("loading");
        using var run = loading.Start(output);
        Assert.True(run.WaitUntil(() => run.Output.Contains("loading data", StringComparison.Ordinal), Limit), run.Output);

        run.Signal("TERM");

        Assert.Equal(130, run.WaitForExit(Limit));
        Assert.Contains("nothing to resume", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("--resume", run.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output), run.Output);
    }
}
