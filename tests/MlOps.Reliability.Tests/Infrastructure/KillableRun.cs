using System.Text.Json;

namespace MlOps.Reliability.Tests.Infrastructure;

/// <summary>
/// The mechanics of the kill-and-resume tests: one spec run as real `mlops` processes in a SampleRepo,
/// to the end, stopped by a signal once its first checkpoint is on disk, and resumed. The waits are on
/// what the run shows (a checkpoint on disk, its output), never on a guessed time, within one limit per test class.
/// </summary>
public sealed class KillableRun(SampleRepo repo, string spec, TimeSpan limit)
{
    /// <summary>Pause after the first checkpoint appears, so the signal lands inside a later epoch.</summary>
    private static readonly TimeSpan AfterCheckpoint = TimeSpan.FromMilliseconds(300);

    /// <summary>An output folder named <paramref name="name"/> at the repository root.</summary>
    public string Output(string name) => Path.Combine(repo.Root, name);

    /// <summary>A run writes into a staging folder beside its output folder, swapped in when it completes; the checkpoint lives there.</summary>
    public static string Staging(string output) => Path.Combine(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}.mlops-staging");

    public static bool CheckpointExists(string output) =>
        File.Exists(Path.Combine(Staging(output), "checkpoint", "state.json")) || File.Exists(Path.Combine(Staging(output), "checkpoint.next", "state.json"));

    /// <summary>result.json's validation metrics as raw JSON, to compare two runs to the last digit.</summary>
    private static string ValidationMetrics(string output)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "result.json")));
        return json.RootElement.GetProperty("metrics").GetProperty("validation").GetRawText();
    }

    /// <summary>
    /// Writes specs/&lt;name&gt;.yaml: an augmented folder-format run from scratch on ../data/train and
    /// ../data/val in five short epochs on two threads, so the first checkpoint comes early and a kill
    /// after it still lands mid-training. <paramref name="formatKeys"/> are the data section's own lines.
    /// </summary>
    public static string WriteAugmentedFolderSpec(SampleRepo repo, string name, string model, string format, string formatKeys)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var dataLines = string.Join('\n', formatKeys.Split('\n').Select(line => "  " + line));
        return repo.Write($"specs/{name}.yaml", $$"""
            name: {{name}}
            seed: 7
            base: { model: {{model}}, checkpoint: none }
            data:
              format: {{format}}
              train: ../data/train
              validation: ../data/val
            {{dataLines}}
            training: { epochs: 5, batch_size: 2, optimizer: { lr: 0.005 }, threads: 2 }
            gates:
              - { metric: accuracy, min: 0.1 }
            tracking: { experiment: reliability }
            """);
    }

    /// <summary>
    /// The spec run to the end into "whole", then into "killed" with SIGKILL after its first checkpoint
    /// (which must leave no result.json), then `--resume`d there: the resume must exit 0, say where it
    /// resumed, and end with the very validation metrics of the uninterrupted run.
    /// </summary>
    public void AssertSigkillThenResumeEndsLikeAnUninterruptedRun()
    {
        RunToEnd(Output("whole"));
        SigkillPastFirstCheckpoint(Output("killed"));
        Assert.False(File.Exists(Path.Combine(Output("killed"), "result.json")));

        var (exit, log) = Resume(Output("killed"));

        Assert.True(exit == 0, log);
        Assert.Contains("resuming at epoch", log, StringComparison.Ordinal);
        Assert.Equal(ValidationMetrics(Output("whole")), ValidationMetrics(Output("killed")));
    }

    /// <summary>The spec run to the end into <paramref name="output"/>; a non-zero exit fails the test with the log.</summary>
    private void RunToEnd(string output)
    {
        var (exit, log) = MlopsProcess.RunToEnd(repo.Root, limit, "run", spec, "--output", output);
        Assert.True(exit == 0, log);
    }

    public MlopsProcess Start(string output) => new(repo.Root, "run", spec, "--output", output);

    /// <summary>A started run, returned once its first checkpoint is on disk (the test fails if none comes within the limit) and a moment has passed.</summary>
    public MlopsProcess StartPastFirstCheckpoint(string output)
    {
        var run = Start(output);
        try
        {
            Assert.True(run.WaitUntil(() => CheckpointExists(output), limit), "no checkpoint after the first epoch:\n" + run.Output);
            Thread.Sleep(AfterCheckpoint);
            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL after the first checkpoint, as a CI runner or the OOM killer sends it: the process must die with 137.</summary>
    public void SigkillPastFirstCheckpoint(string output)
    {
        using var run = StartPastFirstCheckpoint(output);
        run.Signal("KILL");
        Assert.Equal(137, run.WaitForExit(limit));
    }

    /// <summary>`mlops run spec --output output --resume` to the end: its exit code and log.</summary>
    public (int Exit, string Output) Resume(string output) =>
        MlopsProcess.RunToEnd(repo.Root, limit, "run", spec, "--output", output, "--resume");
}
