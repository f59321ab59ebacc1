using MlOps.Contracts.Results;
using MlOps.Reliability.Tests.Infrastructure;

namespace MlOps.Reliability.Tests.Parallel;

/// <summary>
/// `mlops run --parallel`: repeats trained by child mlops processes give the same per-seed metrics as
/// the in-process sequential run (same seeds, same pinned threads), and a failing child is reported.
/// </summary>
public sealed class ParallelRepeatsTests : IDisposable
{
    private readonly SampleRepo repo = new();

    public void Dispose() => repo.Dispose();

    private string Spec(string name, string label = "label", int rows = 80, int epochs = 2)
    {
        repo.Write($"data/{name}.csv", TinySpec.Csv(rows));
        return repo.Write($"specs/{name}.yaml", $$"""
            name: {{name}}
            seed: 7
            base: { model: mlp, checkpoint: none, hidden: [8] }
            data: { train: ../data/{{name}}.csv, label: "{{label}}", split: { validation: 0.25 } }
            training: { epochs: {{epochs}}, batch_size: 8, optimizer: { lr: 0.05 }, threads: 1, repeats: 3 }
            gates:
              - { metric: accuracy, min: 0.1 }
            tracking: { experiment: reliability }
            """);
    }

    [Fact]
    public void Three_repeats_in_two_processes_give_the_same_per_seed_metrics_as_the_sequential_run()
    {
        var spec = Spec("repeats3");
        var sequential = Path.Combine(repo.Root, "out", "seq");
        var parallel = Path.Combine(repo.Root, "out", "par");

        var (seqExit, seqOutput) = MlopsProcess.RunToEnd(repo.Root, TimeSpan.FromMinutes(3), "run", spec, "--output", sequential);
        var (parExit, parOutput) = MlopsProcess.RunToEnd(repo.Root, TimeSpan.FromMinutes(3), "run", spec, "--output", parallel, "--parallel", "2");

        Assert.True(seqExit == 0, seqOutput);
        Assert.True(parExit == 0, parOutput);
        Assert.Contains("in up to 2 parallel processes, 1 torch thread(s) each", parOutput, StringComparison.Ordinal);
        var seq = RunResultFile.Read(Path.Combine(sequential, "result.json"));
        var par = RunResultFile.Read(Path.Combine(parallel, "result.json"));
        Assert.Equal([7, 8, 9], par.Repeats!.Runs.Select(r => r.Seed));
        Assert.Equal(seq.Repeats!.Runs.Select(r => r.Seed), par.Repeats.Runs.Select(r => r.Seed));
        foreach (var run in par.Repeats.Runs)
        {
            // Each repeat's own result.json, published where the sequential run puts it.
            Assert.Equal(Path.Combine(parallel, "repeats", $"seed-{run.Seed}"), run.Directory);
            var one = RunResultFile.Read(Path.Combine(run.Directory, "result.json"));
            var same = RunResultFile.Read(Path.Combine(sequential, "repeats", $"seed-{run.Seed}", "result.json"));
            Assert.Equal(same.Metrics["validation"], one.Metrics["validation"]);
            Assert.Equal(same.Spec.Fingerprint, one.Spec.Fingerprint);
        }
        Assert.Equal(seq.Repeats.Metrics["validation"]["accuracy"].Values, par.Repeats.Metrics["validation"]["accuracy"].Values);
        Assert.Equal(seq.Repeats.KeptSeed, par.Repeats.KeptSeed);
        Assert.Equal(seq.Verdict, par.Verdict);
        Assert.False(Directory.Exists(Path.Combine(repo.Root, "out", ".par.mlops-staging")), "the staging folder was published");
    }

    [Fact]
    public void A_child_that_fails_surfaces_its_exit_code_and_first_error_line_and_nothing_is_published()
    {
        // The label column is missing: the spec loads, the data is only read in each child, which fails with exit 2.
        var spec = Spec("nolabel", label: "target");
        var output = Path.Combine(repo.Root, "out", "nolabel");

        var (exit, text) = MlopsProcess.RunToEnd(repo.Root, TimeSpan.FromMinutes(3), "run", spec, "--output", output, "--parallel", "2");

        Assert.True(exit == 2, text);
        Assert.Contains("error MLOPS960: repeat seed", text, StringComparison.Ordinal);
        Assert.Contains("failed in its child process (exit 2)", text, StringComparison.Ordinal);
        Assert.Contains("MLOPS204: the label column 'target'", text, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "result.json")), text);
    }

    [Fact]
    public void Sigterm_to_the_parent_kills_the_children_and_exits_130()
    {
        var spec = Spec("stoppable", rows: 20000, epochs: 40);
        var output = Path.Combine(repo.Root, "out", "stoppable");
        var repeats = Path.Combine(repo.Root, "out", ".stoppable.mlops-staging", "repeats");
        using var parent = new MlopsProcess(repo.Root, "run", spec, "--output", output, "--parallel", "2");
        Assert.True(parent.WaitUntil(() => Directory.Exists(repeats) && Directory.GetDirectories(repeats).Length == 2, TimeSpan.FromMinutes(2)),
            "the two children never started:\n" + parent.Output);
        Assert.Equal(2, Children(repo.Root).Count);

        parent.Signal("TERM");

        Assert.Equal(130, parent.WaitForExit(TimeSpan.FromMinutes(1)));
        Assert.Empty(Children(repo.Root));
        // Killed mid-training, not left to finish: no repeat wrote its result.json.
        Assert.False(Directory.Exists(repeats) && Directory.GetDirectories(repeats).Any(d => File.Exists(Path.Combine(d, "result.json"))), parent.Output);
        Assert.False(File.Exists(Path.Combine(output, "result.json")), parent.Output);
    }

    /// <summary>Live `--repeat-child` processes working under this repository (their command lines name its staging folder).</summary>
    private static List<int> Children(string root) =>
        Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(n => int.TryParse(n, out _)).Select(int.Parse!)
            .Where(pid => CommandLine(pid) is { } line && line.Contains("--repeat-child", StringComparison.Ordinal) && line.Contains(root, StringComparison.Ordinal))
            .ToList();

    private static string? CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
