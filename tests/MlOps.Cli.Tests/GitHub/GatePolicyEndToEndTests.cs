using System.Diagnostics;
using MlOps.Cli.Tests.Templates;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Gates;
using MlOps.Core.Pipeline;
using MlOps.Core.Training;

namespace MlOps.Cli.Tests.GitHub;

/// <summary>
/// A pull request loosens its accuracy gate; with the base branch's gate policy a real (tiny) run
/// still fails on the base threshold, result.json records the change, and the report step
/// annotates the PR's line and shows the change in the summary.
/// </summary>
[Collection(GitHubEnvironmentCollection.Name)]
public sealed class GatePolicyEndToEndTests : IDisposable
{
    private readonly RunnerHarness runner = new();

    private static string Spec(string min) => $$"""
        name: tiny
        base: { model: mlp, hidden: [8] }
        data: { format: csv, train: ../data/train.csv, validation: ../data/validation.csv, label: label }
        training: { epochs: 2, batch_size: 16, threads: 1 }
        evaluation: { metrics: [accuracy] }
        gates:
          - { metric: accuracy, min: {{min}} }
        """;

    [Fact]
    public void A_loosened_gate_is_judged_by_the_base_threshold_and_reported_on_the_PR_line()
    {
        var repo = runner.Workspace;
        Directory.CreateDirectory(Path.Combine(repo, "data"));
        File.WriteAllText(Path.Combine(repo, "data", "train.csv"), TemplateSandbox.Csv(120));
        File.WriteAllText(Path.Combine(repo, "data", "validation.csv"), TemplateSandbox.Csv(45));
        var spec = Path.Combine(repo, "specs", "tiny.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(spec)!);
        File.WriteAllText(spec, Spec("0.999"));
        Git(repo, "init", "-q", "-b", "main");
        Git(repo, "add", "-A");
        Git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "base policy");
        File.WriteAllText(spec, Spec("0.05"));

        var outcome = FineTuneRun.Execute(new RunRequest
        {
            SpecPath = spec,
            OutputDirectory = Path.Combine(runner.Outputs, "tiny"),
            TrackingUri = Path.Combine(runner.Root, "mlruns"),
            GatePolicyRef = "main",
        }, new QuietObserver(), CancellationToken.None);

        Assert.Equal(ExitCodes.GateFailed, outcome.ExitCode);
        var result = outcome.Result!;
        var gate = Assert.Single(result.Gates);
        Assert.Equal(0.999, gate.Threshold);
        Assert.Equal(7, gate.Location.Line);
        Assert.Equal("main", result.GatePolicyRef);
        var change = Assert.Single(result.ThresholdChanges);
        Assert.Equal(("min", "0.999", "0.05"), (change.Setting, change.Base, change.Head));

        var (exit, output, _) = runner.Report(runner.Outputs, "--github");

        Assert.Equal(0, exit);
        Assert.Contains("::error file=specs/tiny.yaml,line=7,col=5,title=accuracy min 0.999::", output, StringComparison.Ordinal);
        Assert.Equal("false", runner.ReadOutputs()["passed"]);
        var summary = File.ReadAllText(runner.SummaryFile);
        Assert.Contains("### Gate policy: thresholds from main", summary, StringComparison.Ordinal);
        Assert.Contains("| min | 0.999 | 0.05 | `tiny.yaml:7` |", summary, StringComparison.Ordinal);
    }

    private static void Git(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
    }

    private sealed class QuietObserver : IRunObserver
    {
        public void OnDiagnostic(Diagnostic diagnostic) => Assert.False(diagnostic.IsError, diagnostic.ToString());
        public void OnStage(string stage) { }
        public void OnGate(GateResult gate) { }
        public void OnStart(int firstEpoch, int epochs, long batchesPerEpoch) { }
        public void OnBatch(int epoch, long batch, long batchesPerEpoch, double loss, double learningRate) { }
        public void OnEpoch(EpochRecord record, int epochs, TimeSpan eta) { }
        public void OnMessage(string message) { }
    }

    public void Dispose() => runner.Dispose();
}
