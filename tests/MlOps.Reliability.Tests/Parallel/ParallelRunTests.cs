using System.Text.RegularExpressions;
using MlOps.Reliability.Tests.Infrastructure;

namespace MlOps.Reliability.Tests.Parallel;

/// <summary>
/// Four `mlops run` processes at once, one ./mlruns: MLflow must still read the store. One
/// experiment folder for the shared name, every run complete, every metric line whole.
/// </summary>
public sealed partial class ParallelRunTests : IDisposable
{
    private const int Runs = 4;
    private const int Epochs = 3;
    private readonly SampleRepo repo = new();

    public void Dispose() => repo.Dispose();

    [Fact]
    public void Four_concurrent_runs_leave_an_mlflow_store_with_nothing_lost_or_interleaved()
    {
        var specs = Enumerable.Range(0, Runs).Select(i => TinySpec.Write(repo, $"parallel{i}", epochs: Epochs)).ToList();
        var children = specs.Select((s, i) => new MlopsProcess(repo.Root, "run", s, "--output", Path.Combine(repo.Root, "out", $"p{i}"))).ToList();
        try
        {
            foreach (var child in children)
            {
                Assert.True(child.WaitForExit(TimeSpan.FromMinutes(3)) == 0, child.Output);
            }
        }
        finally
        {
            children.ForEach(c => c.Dispose());
        }

        var store = Path.Combine(repo.Root, "mlruns");
        var experiments = Directory.GetDirectories(store).Where(d => File.Exists(Path.Combine(d, "meta.yaml")))
            .Where(d => File.ReadAllText(Path.Combine(d, "meta.yaml")).Contains("name: reliability", StringComparison.Ordinal)).ToList();
        var experiment = Assert.Single(experiments);
        // MLflow 3's layout: logged models live in the experiment's models/ folder, one per run.
        var runs = Directory.GetDirectories(experiment).Where(d => Path.GetFileName(d) is not ("tags" or "datasets" or "models")).ToList();
        Assert.Equal(Runs, runs.Count);
        Assert.Equal(Runs, Directory.GetDirectories(Path.Combine(experiment, "models")).Count(d => File.ReadAllText(Path.Combine(d, "meta.yaml")).Contains("status: 2", StringComparison.Ordinal)));
        foreach (var run in runs)
        {
            var meta = File.ReadAllText(Path.Combine(run, "meta.yaml"));
            Assert.Contains("status: 3", meta, StringComparison.Ordinal);
            Assert.Contains($"run_id: {Path.GetFileName(run)}", meta, StringComparison.Ordinal);
            foreach (var metric in Directory.GetFiles(Path.Combine(run, "metrics"), "*", SearchOption.AllDirectories))
            {
                var lines = File.ReadAllText(metric).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.All(lines, line => Assert.Matches(MetricLine(), line));
                Assert.True(lines.Length == lines.Distinct(StringComparer.Ordinal).Count(), $"{metric} repeats a line:\n{string.Join('\n', lines)}");
            }
            // One point per epoch (steps 1..n); the final train-split loss has its own key (training_loss).
            Assert.Equal(Enumerable.Range(1, Epochs).Select(e => e.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                File.ReadAllLines(Path.Combine(run, "metrics", "train_loss")).Select(l => l.Split(' ')[2]));
            Assert.True(File.Exists(Path.Combine(run, "metrics", "training_loss")), run);
            Assert.True(File.Exists(Path.Combine(run, "artifacts", "result.json")), run);
        }
        Assert.Equal(Enumerable.Range(0, Runs).Select(i => $"parallel{i}").Order(StringComparer.Ordinal),
            runs.Select(r => File.ReadAllText(Path.Combine(r, "tags", "mlflow.runName")).Trim()).Order(StringComparer.Ordinal));
    }

    /// <summary>MLflow's file store: "timestamp value step", one per line.</summary>
    [GeneratedRegex(@"^\d{13} (-?\d+(\.\d+)?([eE][-+]?\d+)?|nan|inf|-inf|NaN|Infinity|-Infinity) -?\d+$")]
    private static partial Regex MetricLine();
}
