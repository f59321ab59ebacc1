using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MlOps.Cli.Tests.Commands;

/// <summary>The three commands a sweep's CI jobs run: `mlops plan`, `mlops run --trial`, `mlops aggregate --from`, with their exit codes.</summary>
[Collection(TrainingCollection.Name)]
public sealed class SweepCommandsTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "mlops-cli-sweep-" + Guid.NewGuid().ToString("N"));

    public SweepCommandsTests()
    {
        Directory.CreateDirectory(Path.Combine(root, ".git"));
        var csv = new StringBuilder("a,b,label\n");
        for (var i = 0; i < 80; i++)
        {
            var label = i % 2;
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{(label * 2) + (i % 7 / 10.0)},{i % 5},{(label == 1 ? "yes" : "no")}"));
        }
        File.WriteAllText(Path.Combine(root, "data.csv"), csv.ToString());
    }

    private string Spec(string sweep) => Write($$"""
        name: cli-sweep
        base: { model: mlp, checkpoint: none, hidden: [8] }
        data: { train: data.csv, label: label, split: { validation: 0.25 } }
        training: { epochs: 1, batch_size: 16, optimizer: { lr: 0.01 }, threads: 1 }
        gates:
          - { metric: accuracy, min: 0.1 }
        {{sweep}}
        """);

    private string Write(string yaml)
    {
        var path = Path.Combine(root, "spec.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static (int Exit, string Output, string Error) Cli(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private const string FourTrials = "sweep: { metric: accuracy, parameters: { training.optimizer.lr: [0.001, 0.05], training.epochs: [1, 2] } }";

    [Fact]
    public void Plan_prints_the_trials_as_a_matrix_on_one_line()
    {
        var (exit, output, error) = Cli("plan", Spec(FourTrials));

        Assert.True(exit == 0, error);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var include = JsonDocument.Parse(output).RootElement.GetProperty("include").EnumerateArray().ToList();
        Assert.Equal(["trial-01", "trial-02", "trial-03", "trial-04"], include.Select(i => i.GetProperty("trial").GetString()));
        Assert.Equal("training.optimizer.lr=0.05,training.epochs=2", include[3].GetProperty("overrides").GetString());
    }

    [Fact]
    public void Plan_on_a_spec_without_a_sweep_exits_2_with_MLOPS540()
    {
        var (exit, _, error) = Cli("plan", Spec(""));

        Assert.Equal(2, exit);
        Assert.Contains("MLOPS540", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Trial_jobs_then_aggregate_exit_with_the_winners_verdict_and_write_the_sweep_block()
    {
        var spec = Spec("sweep: { metric: accuracy, parameters: { training.optimizer.lr: [0.001, 0.05] } }");
        var tracking = Path.Combine(root, "mlruns");
        foreach (var trial in new[] { "trial-01", "trial-02" })
        {
            var (exit, output, error) = Cli("run", spec, "--trial", trial, "--output", Path.Combine(root, "jobs", trial), "--tracking-uri", tracking);
            Assert.True(exit is 0 or 1, output + error);
        }
        var unknown = Cli("run", spec, "--trial", "trial-03", "--output", Path.Combine(root, "jobs", "x"), "--tracking-uri", tracking);
        Assert.Equal(2, unknown.Exit);

        var aggregate = Cli("aggregate", spec, "--from", Path.Combine(root, "jobs"), "--output", Path.Combine(root, "final"), "--tracking-uri", tracking);

        using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "final", "result.json")));
        var verdict = result.RootElement.GetProperty("verdict").GetString();
        Assert.Equal(verdict == "failed" ? 1 : 0, aggregate.Exit);
        var sweep = result.RootElement.GetProperty("sweep");
        Assert.Equal(2, sweep.GetProperty("trials").GetArrayLength());
        Assert.StartsWith("trial-0", sweep.GetProperty("winner").GetString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
