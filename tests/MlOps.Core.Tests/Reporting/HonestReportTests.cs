using MlOps.Contracts.Results;
using MlOps.Core.Gates;
using MlOps.Core.Reporting;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Reporting;

/// <summary>Issue 15, item 4: what the report says must be true of the spec and the run.</summary>
public sealed class HonestReportTests
{
    private static EpochRecord Epoch(int n, double train, double val) => new(n, n * 10, train, val, 1e-4, 1, new Dictionary<string, double>());

    /// <summary>The advice besides the selection-split line that every run without a test split gets (tested on its own).</summary>
    private static List<string> OtherAdvice(RunResult run, TrainingSpec? training = null) =>
        [.. AdviceBuilder.Build(run, training).Where(a => a != AdviceBuilder.SelectionSplitAdvice)];

    private static readonly EpochRecord[] Overfit = [Epoch(1, 0.9, 0.50), Epoch(2, 0.5, 0.40), Epoch(3, 0.3, 0.45), Epoch(4, 0.2, 0.52)];

    [Fact]
    public void Advice_never_suggests_early_stopping_to_a_spec_that_has_it()
    {
        var run = SampleRun.Create(history: Overfit);
        var training = new TrainingSpec { EarlyStopping = new EarlyStoppingSpec { Metric = "val_loss", Patience = 2 } };

        var advice = Assert.Single(OtherAdvice(run, training));

        Assert.Contains("overfitting", advice, StringComparison.Ordinal);
        Assert.DoesNotContain("use early_stopping", advice, StringComparison.Ordinal);
    }

    [Fact]
    public void A_result_whose_early_stopping_fired_gets_no_early_stopping_advice_when_rerendered()
    {
        var run = SampleRun.Create(history: Overfit);
        run = run with { Training = run.Training with { StopReason = StopReason.EarlyStopped } };

        Assert.DoesNotContain(AdviceBuilder.Merge(run), a => a.Contains("use early_stopping", StringComparison.Ordinal));
    }

    [Fact]
    public void The_run_advice_is_not_repeated_in_other_words_when_rerendered()
    {
        var run = SampleRun.Create(history: Overfit);
        run = run with { Advice = OtherAdvice(run, new TrainingSpec { EarlyStopping = new EarlyStoppingSpec() }) };

        Assert.Single(AdviceBuilder.Merge(run), a => a.Contains("overfitting", StringComparison.Ordinal));
    }

    [Fact]
    public void Keeping_an_early_epoch_of_many_gets_its_own_advice_and_the_header_says_which_epoch()
    {
        var history = Enumerable.Range(1, 6).Select(n => Epoch(n, 1.0 / n, 0.5 + (0.01 * n))).ToList();
        var run = SampleRun.Create(history: history);
        run = run with { Training = new TrainingSummary(6, 6, 1, StopReason.Completed, false, history) };

        var advice = OtherAdvice(run);
        var report = MarkdownReport.Render(run);

        Assert.Contains(advice, a => a.StartsWith("The kept weights are from epoch 1 of 6", StringComparison.Ordinal));
        Assert.Contains("6/6 epochs \\(completed\\) · weights of epoch 1 kept", report, StringComparison.Ordinal);
    }

    [Fact]
    public void The_last_epoch_kept_needs_no_advice()
    {
        Assert.Empty(OtherAdvice(SampleRun.Create()));
    }

    [Fact]
    public void A_champion_gate_without_a_champion_is_skipped_and_not_counted_as_passed()
    {
        var run = SampleRun.Create();
        var skipped = run.Gates[0] with { Name = "accuracy vs champion", Kind = GateResultKind.Champion, Skipped = true, Message = "no champion yet: accuracy has nothing to be compared with" };
        run = run with { Verdict = GateVerdict.Passed, Gates = [run.Gates[0], skipped] };

        var report = MarkdownReport.Render(run);
        var junit = JunitReport.Render(run);

        Assert.Equal("# ✅ digits: passed — 1 of 2 gates passed, 1 skipped", report.Split('\n')[0]);
        Assert.Contains("| ⏭️ | accuracy vs champion |", report, StringComparison.Ordinal);
        Assert.Contains("skipped (no champion yet)", report, StringComparison.Ordinal);
        Assert.DoesNotContain("| ✅ | accuracy vs champion |", report, StringComparison.Ordinal);
        Assert.Contains("<skipped", junit, StringComparison.Ordinal);
    }

    [Fact]
    public void Loss_is_not_listed_beside_log_loss_and_deltas_share_one_precision_and_a_direction()
    {
        var run = SampleRun.Create();
        run = run with
        {
            Metrics = new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["validation"] = new Dictionary<string, double> { ["accuracy"] = 0.80004, ["log_loss"] = 0.55, ["loss"] = 0.55 },
            },
        };

        var report = MarkdownReport.Render(run);

        Assert.DoesNotContain("| loss |", report, StringComparison.Ordinal);
        Assert.Contains("| accuracy | 0.800 | – | 0.800 | – | 0.000 | – |", report, StringComparison.Ordinal);
        Assert.Contains("| log\\_loss | 0.550 | – | 0.700 | – | -0.150 | – |", report, StringComparison.Ordinal);
        Assert.Contains("Higher is better: accuracy. Lower is better: log\\_loss.", report, StringComparison.Ordinal);
    }

    [Fact]
    public void The_spec_path_is_relative_to_the_repository()
    {
        var repo = Path.Combine(Path.GetTempPath(), "mlops-report-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(repo, ".git"));
        var spec = Path.Combine(repo, "specs", "credit.yaml");

        Assert.Equal("specs/credit.yaml", ReportPaths.FromRepository(spec));
        Assert.Contains("· spec specs/credit.yaml", MarkdownReport.Render(SampleRun.Create() with { Spec = new SpecInfo("digits", spec, "abc") }), StringComparison.Ordinal);
    }
}
