using MlOps.Contracts.Results;
using static MlOps.Cli.Tests.GitHub.RunResults;

namespace MlOps.Cli.Tests.GitHub;

/// <summary>Issue 20, item 4: the pull-request comment shows a run's seed variance and a sweep's trials, from result.json.</summary>
[Collection(GitHubEnvironmentCollection.Name)]
public sealed class RepeatsAndSweepCommentTests : IDisposable
{
    private const string Token = "ghs_secretTokenValue123";
    private readonly FakeGitHubApi api = new();
    private readonly RunnerHarness runner;

    public RepeatsAndSweepCommentTests() => runner = new RunnerHarness(pullRequest: 7, apiUrl: api.Url);

    private string Spec => Path.Combine(runner.Workspace, "specs", "credit.yaml");

    [Fact]
    public void A_run_with_repeats_gets_a_mermaid_chart_and_table_of_its_seeds()
    {
        var run = With("credit", Spec, Gate("accuracy min 0.8", true, Spec, 31)) with
        {
            Repeats = new RepeatsSummary
            {
                Runs = [new RepeatRecord(7, "r/7", RunVerdict.Passed, null), new RepeatRecord(8, "r/8", RunVerdict.Passed, null), new RepeatRecord(9, "r/9", RunVerdict.Failed, null)],
                KeptSeed = 8,
                KeptBy = "accuracy",
                Confidence = 0.95,
                Metrics = new Dictionary<string, IReadOnlyDictionary<string, MetricSpread>>
                {
                    ["validation"] = new Dictionary<string, MetricSpread> { ["accuracy"] = new([0.86, 0.874, 0.9], 0.878, 0.02, 0.86, 0.9, 0.828, 0.928) },
                },
                Baseline = new Dictionary<string, IReadOnlyDictionary<string, MetricSpread>>
                {
                    ["validation"] = new Dictionary<string, MetricSpread> { ["accuracy"] = new([0.71, 0.7, 0.72], 0.71, 0.01, 0.7, 0.72, 0.685, 0.735) },
                },
            },
        };
        runner.AddRun(run);

        var (exit, _, _) = runner.Report(runner.Outputs, "--github", "--comment", "--github-token", Token);

        Assert.Equal(0, exit);
        var body = Assert.Single(api.Comments).Body;
        Assert.Contains("#### Seed variance: 3 seeds", body, StringComparison.Ordinal);
        Assert.Contains("```mermaid\nxychart-beta\n", body, StringComparison.Ordinal);
        Assert.Contains("x-axis [\"seed 7\", \"seed 8\", \"seed 9\"]", body, StringComparison.Ordinal);
        Assert.Contains("bar [0.86, 0.874, 0.9]", body, StringComparison.Ordinal);
        Assert.Contains("line [0.878, 0.878, 0.878]", body, StringComparison.Ordinal);
        Assert.Contains("line [0.71, 0.71, 0.71]", body, StringComparison.Ordinal);
        Assert.Contains("| accuracy | 0.878 | 0.860 – 0.900 | 0.710 | 0.860 | 0.874 | 0.900 |", body, StringComparison.Ordinal);
        // The job summary (report.md) has the same chart under its repeats table.
        Assert.Contains("bar [0.86, 0.874, 0.9]", File.ReadAllText(runner.SummaryFile), StringComparison.Ordinal);
    }

    [Fact]
    public void A_sweep_gets_its_trials_table_with_the_winner_marked()
    {
        var run = With("credit", Spec, Gate("accuracy min 0.8", true, Spec, 31)) with
        {
            Sweep = new SweepSummary
            {
                Method = "grid",
                Metric = "accuracy",
                GreaterIsBetter = true,
                Winner = "trial-2",
                GatedOn = "validation",
                Trials =
                [
                    new SweepTrialRecord("trial-1", new Dictionary<string, double> { ["training.optimizer.lr"] = 0.001 }, 0.81, RunVerdict.Passed, "t/1", null),
                    new SweepTrialRecord("trial-2", new Dictionary<string, double> { ["training.optimizer.lr"] = 0.01 }, 0.874, RunVerdict.Passed, "t/2", null),
                    new SweepTrialRecord("trial-3", new Dictionary<string, double> { ["training.optimizer.lr"] = 0.1 }, null, RunVerdict.Failed, "t/3", null),
                ],
            },
        };
        runner.AddRun(run);

        runner.Report(runner.Outputs, "--github", "--comment", "--github-token", Token);

        var body = Assert.Single(api.Comments).Body;
        Assert.Contains("#### Sweep: 3 trials (grid)", body, StringComparison.Ordinal);
        Assert.Contains("| trial-1 | 0.001 | 0.810 | passed |", body, StringComparison.Ordinal);
        Assert.Contains("| **trial-2** (winner) | 0.01 | 0.874 | passed |", body, StringComparison.Ordinal);
        Assert.Contains("| trial-3 | 0.1 | – | failed |", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Seed variance", body, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        runner.Dispose();
        api.Dispose();
    }
}
