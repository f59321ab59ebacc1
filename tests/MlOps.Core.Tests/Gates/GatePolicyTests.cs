using System.Diagnostics;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Evaluation;
using MlOps.Core.Gates;
using MlOps.Core.Pipeline;
using MlOps.Core.Reporting;
using MlOps.Specs;
using MlOps.Specs.Model;
using MlOps.Tests.Shared;

namespace MlOps.Core.Tests.Gates;

/// <summary>gate-policy: base in a real, temporary git repository: main holds the policy, the working tree is the PR.</summary>
public sealed class GatePolicyTests : IDisposable
{
    private readonly SpecSandbox repo = new();

    private const string BaseSpec = """
        name: credit
        base: { model: mlp }
        data: { format: csv, train: ../data/train.csv, validation: ../data/val.csv, label: label, sensitive: [{ name: sex, column: sex }] }
        gates:
          - { metric: accuracy, min: 0.80 }
          - { overfit: accuracy, max_gap: 0.10 }
          - { metric: f1, min: 0.5 }
        bias:
          - { attribute: sex, metric: demographic_parity_difference, max: 0.10, groups: all }
        """;

    public GatePolicyTests()
    {
        Directory.Delete(Path.Combine(repo.Root, ".git"));
        Git("init", "-q", "-b", "main");
        // A binary task, as credit is: f1 and the bias check need a positive class, which two classes give.
        repo.Write("data/train.csv", SpecSandbox.Csv(100).Replace(",2\n", ",0\n", StringComparison.Ordinal));
        repo.Write("data/val.csv", SpecSandbox.Csv(20).Replace(",2\n", ",0\n", StringComparison.Ordinal));
        repo.Write("specs/credit.yaml", BaseSpec);
        Git("add", "-A");
        Git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "policy");
    }

    private FineTuneSpec Head(string yaml)
    {
        var load = SpecLoader.Load(repo.Write("specs/credit.yaml", yaml));
        Assert.False(load.HasErrors, string.Join("\n", load.Diagnostics));
        return load.Spec!;
    }

    [Fact]
    public void A_pull_request_cannot_loosen_its_gates_and_every_change_is_recorded()
    {
        var head = Head("""
            name: credit
            base: { model: mlp }
            data: { format: csv, train: ../data/train.csv, validation: ../data/val.csv, label: label, sensitive: [{ name: sex, column: sex }] }
            gates:
              - { metric: accuracy, min: 0.50 }
              - { overfit: accuracy, max_gap: 0.10, severity: warning }
              - { metric: balanced_accuracy, min: 0.6 }
            bias:
              - { attribute: sex, metric: demographic_parity_difference, max: 0.40 }
            """);

        var policy = GatePolicySource.Resolve(head, "main")!;

        var accuracy = Assert.Single(policy.Gates, g => g.Metric == "accuracy" && g.Kind == GateKind.Metric);
        Assert.Equal(0.80, accuracy.Min);
        Assert.Equal(new SourceLocation(head.SpecPath, 5, 5), accuracy.Location);
        Assert.Equal(Severity.Error, Assert.Single(policy.Gates, g => g.Kind == GateKind.Overfit).Severity);
        var removed = Assert.Single(policy.Gates, g => g.Metric == "f1");
        Assert.Equal(0.5, removed.Min);
        Assert.Equal(0, removed.Location.Line);
        Assert.Single(policy.Gates, g => g.Metric == "balanced_accuracy");
        Assert.Equal(0.10, Assert.Single(policy.Bias).Max);
        Assert.Equal(BiasGroups.All, Assert.Single(policy.Bias).Groups); // a PR cannot hide a small group by gating on sized groups
        Assert.Equal(
        [
            ("metric accuracy (validation)", "min", "0.8", "0.5"),
            ("overfit accuracy (validation)", "severity", "error", "warning"),
            ("metric f1 (validation)", "entry", "present", null),
            ("metric balanced_accuracy (validation)", "entry", null, "present"),
            ("bias sex demographic_parity_difference", "max", "0.1", "0.4"),
            ("bias sex demographic_parity_difference", "groups", "all", "sized"),
        ], policy.Changes.Select(c => (c.Entry, c.Setting, c.Base, c.Head)));
        Assert.Equal(["credit.yaml"], Directory.GetFiles(Path.Combine(repo.Root, "specs")).Select(Path.GetFileName));
    }

    [Fact]
    public void An_unchanged_spec_has_no_changes_and_keeps_its_gates()
    {
        var head = Head(BaseSpec);

        var policy = GatePolicySource.Resolve(head, "main")!;

        Assert.Empty(policy.Changes);
        Assert.Equal(head.Gates, policy.Gates);
    }

    [Fact]
    public void A_spec_that_is_new_in_the_pull_request_keeps_its_own_gates()
    {
        var load = SpecLoader.Load(repo.Write("specs/new.yaml", BaseSpec.Replace("name: credit", "name: fresh", StringComparison.Ordinal)));

        Assert.Null(GatePolicySource.Resolve(load.Spec!, "main"));
    }

    [Fact]
    public void An_unknown_ref_is_MLOPS530_saying_to_fetch_it()
    {
        var head = Head(BaseSpec);

        var error = Assert.Throws<MlOpsException>(() => GatePolicySource.Resolve(head, "origin/nope"));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(EvaluationErrorCodes.GatePolicyRefUnreadable, diagnostic.Code);
        Assert.Contains("fetch", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_lists_the_changed_thresholds()
    {
        var change = new ThresholdChange("metric accuracy (validation)", "min", "0.8", "0.5", new SourceLocation("specs/credit.yaml", 5, 5));
        var result = new RunResult
        {
            ToolVersion = "0", Spec = new SpecInfo("credit", "specs/credit.yaml", "f"), Verdict = RunVerdict.Passed, Device = "cpu",
            Timings = new Timings(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 0, 0),
            Model = new ModelInfo("mlp", null, null, 1, 1, []), Training = new TrainingSummary(1, 1, 1, StopReason.Completed, false, []),
            Outputs = new OutputPaths(".", "m", "s", "h", null, null, []),
            GatePolicyRef = "origin/main", ThresholdChanges = [change],
        };

        var md = MarkdownReport.Render(result);

        Assert.Contains("## Gate policy: thresholds from origin/main", md, StringComparison.Ordinal);
        Assert.Contains("| metric accuracy \\(validation\\) | min | 0.8 | 0.5 | `credit.yaml:5` |", md, StringComparison.Ordinal);
    }

    private void Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = repo.Root, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
    }

    public void Dispose() => repo.Dispose();
}
