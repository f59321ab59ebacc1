using System.Globalization;
using System.Text;
using System.Text.Json;
using MlOps.Reliability.Tests.Infrastructure;

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
    private readonly string spec;

    public KilledRunTests() => spec = KillableSpec("killable", rows: 6000);

    /// <summary>Enough rows that one epoch takes a noticeable moment, so a kill lands inside one.</summary>
    private string KillableSpec(string name, int rows)
    {
        var csv = new StringBuilder("a,b,c,d,label\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{i % 2 * 2 + i % 7 / 10.0},{i % 5},{i % 11 / 3.0},{i % 13},{(i % 2 == 1 ? "yes" : "no")}\n");
        }
        var path = TinySpec.Write(repo, name, epochs: 6, csv: csv.ToString());
        File.WriteAllText(path, File.ReadAllText(path).Replace("hidden: [8]", "hidden: [128, 128]", StringComparison.Ordinal).Replace("batch_size: 8", "batch_size: 4", StringComparison.Ordinal));
        return path;
    }

    public void Dispose() => repo.Dispose();

    private string Output(string name) => Path.Combine(repo.Root, name);

    /// <summary>A run writes into a staging folder beside its output folder, swapped in when it completes; the checkpoint lives there.</summary>
    internal static string Staging(string output) => Path.Combine(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}.mlops-staging");

    internal static bool CheckpointExists(string output) =>
        File.Exists(Path.Combine(Staging(output), "checkpoint", "state.json")) || File.Exists(Path.Combine(Staging(output), "checkpoint.next", "state.json"));

    private static string ValidationMetrics(string output)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "result.json")));
        return json.RootElement.GetProperty("metrics").GetProperty("validation").GetRawText();
    }

    [Fact]
    public void Sigkill_during_an_epoch_then_resume_gives_the_same_validation_metrics_as_an_uninterrupted_run()
    {
        var (exit, log) = MlopsProcess.RunToEnd(repo.Root, Limit, "run", spec, "--output", Output("whole"));
        Assert.True(exit == 0, log);

        using (var killed = new MlopsProcess(repo.Root, "run", spec, "--output", Output("killed")))
        {
            Assert.True(killed.WaitUntil(() => CheckpointExists(Output("killed")), Limit), "no checkpoint after the first epoch:\n" + killed.Output);
            Thread.Sleep(300);
            killed.Signal("KILL");
            Assert.Equal(137, killed.WaitForExit(Limit));
        }
        Assert.False(File.Exists(Path.Combine(Output("killed"), "result.json")));

        var (resumed, resumeLog) = MlopsProcess.RunToEnd(repo.Root, Limit, "run", spec, "--output", Output("killed"), "--resume");

        Assert.True(resumed == 0, resumeLog);
        Assert.Equal(ValidationMetrics(Output("whole")), ValidationMetrics(Output("killed")));
    }

    [Fact]
    public void Sigterm_saves_a_checkpoint_exits_130_and_the_run_shows_as_killed_in_mlflow()
    {
        using var run = new MlopsProcess(repo.Root, "run", spec, "--output", Output("term"));
        Assert.True(run.WaitUntil(() => CheckpointExists(Output("term")), Limit), "no checkpoint after the first epoch:\n" + run.Output);
        Thread.Sleep(300);

        run.Signal("TERM");

        Assert.Equal(130, run.WaitForExit(Limit));
        Assert.True(CheckpointExists(Output("term")), run.Output);
        Assert.False(File.Exists(Path.Combine(Output("term"), "result.json")));
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
        var early = KillableSpec("killable-early", rows: 60_000);
        using var run = new MlopsProcess(repo.Root, "run", early, "--output", Output("early"));
        Assert.True(run.WaitUntil(() => run.Output.Contains("training", StringComparison.Ordinal), Limit), run.Output);
        Assert.False(CheckpointExists(Output("early")), "the kill must land before the first checkpoint");

        run.Signal("KILL");
        run.WaitForExit(Limit);

        Assert.False(File.Exists(Path.Combine(Output("early"), "result.json")));
        var resume = MlopsProcess.RunToEnd(repo.Root, Limit, "run", early, "--output", Output("early"), "--resume");
        Assert.True(resume.Exit == 2, resume.Output);
        Assert.Contains("no checkpoint", resume.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Sigterm_while_loading_data_exits_130_says_there_is_nothing_to_resume_and_leaves_no_folder()
    {
        var csv = new StringBuilder("a,b,c,d,label\n");
        for (var i = 0; i < 400_000; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{i % 2 * 2 + i % 7 / 10.0},{i % 5},{i % 11 / 3.0},{i % 13},{(i % 2 == 1 ? "yes" : "no")}\n");
        }
        var big = TinySpec.Write(repo, "big", epochs: 2, csv: csv.ToString());
        using var run = new MlopsProcess(repo.Root, "run", big, "--output", Output("loading"));
        Assert.True(run.WaitUntil(() => run.Output.Contains("loading data", StringComparison.Ordinal), Limit), run.Output);

        run.Signal("TERM");

        Assert.Equal(130, run.WaitForExit(Limit));
        Assert.Contains("nothing to resume", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("--resume", run.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Output("loading")), run.Output);
    }
}
