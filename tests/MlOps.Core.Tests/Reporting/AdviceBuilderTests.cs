using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Core.Reporting;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Reporting;

public sealed class AdviceBuilderTests
{
    private static EpochRecord Epoch(int n, double train, double val) => new(n, n * 10, train, val, 1e-4, 1, new Dictionary<string, double>());

    /// <summary>The advice besides the selection-split line that every run without a test split gets (tested on its own).</summary>
    private static List<string> OtherAdvice(RunResult run, TrainingSpec? training = null) =>
        [.. AdviceBuilder.Build(run, training).Where(a => a != AdviceBuilder.SelectionSplitAdvice)];

    [Fact]
    public void A_healthy_run_gets_no_advice()
    {
        Assert.Empty(OtherAdvice(SampleRun.Create()));
    }

    [Fact]
    public void Rising_validation_loss_with_falling_training_loss_is_called_overfitting()
    {
        var run = SampleRun.Create(history: [Epoch(1, 0.9, 0.50), Epoch(2, 0.5, 0.40), Epoch(3, 0.3, 0.45), Epoch(4, 0.2, 0.52)]);

        var advice = Assert.Single(OtherAdvice(run));

        Assert.Contains("Validation loss rose from 0.400 to 0.520 over epochs 2–4", advice, StringComparison.Ordinal);
        Assert.Contains("overfitting", advice, StringComparison.Ordinal);
    }

    [Fact]
    public void Few_rows_for_many_trainable_parameters_suggests_freezing()
    {
        var run = SampleRun.Create() with { Model = new ModelInfo("cnn", null, null, 2_000_000, 1_000_000, []) };

        var advice = Assert.Single(OtherAdvice(run));

        Assert.Contains("Only 500 training rows for 1,000,000 trainable parameters", advice, StringComparison.Ordinal);
        Assert.Contains("training.freeze", advice, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fine_tune_no_better_than_the_baseline_is_flagged()
    {
        var run = SampleRun.Create() with
        {
            Baseline = new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["validation"] = new Dictionary<string, double> { ["accuracy"] = 0.90, ["log_loss"] = 0.7 },
            },
        };

        var advice = Assert.Single(OtherAdvice(run));

        Assert.Contains("not better than the base model on accuracy 0.874 vs base 0.900", advice, StringComparison.Ordinal);
        Assert.DoesNotContain("log_loss", advice, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_lists_the_runs_own_advice_and_the_computed_one_once()
    {
        var run = SampleRun.Create(advice: ["From the pipeline"]) with { Model = new ModelInfo("cnn", null, null, 2_000_000, 1_000_000, []) };

        var report = MarkdownReport.Render(run);

        Assert.Contains("- From the pipeline", report, StringComparison.Ordinal);
        Assert.Contains("- Only 500 training rows", report, StringComparison.Ordinal);
    }

    [Fact]
    public void A_verdict_on_the_validation_split_is_advised_that_it_used_the_selection_split()
    {
        Assert.Contains(AdviceBuilder.SelectionSplitAdvice, AdviceBuilder.Build(SampleRun.Create()));
        Assert.Contains("The verdict uses the selection split", MarkdownReport.Render(SampleRun.Create()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_verdict_on_a_test_split_gets_no_selection_split_advice_and_compares_the_baseline_there()
    {
        var run = SampleRun.Create() with
        {
            GatedOnSplit = "test",
            Metrics = new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["validation"] = new Dictionary<string, double> { ["accuracy"] = 0.95 },
                ["test"] = new Dictionary<string, double> { ["accuracy"] = 0.70 },
            },
            Baseline = new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["validation"] = new Dictionary<string, double> { ["accuracy"] = 0.80 },
                ["test"] = new Dictionary<string, double> { ["accuracy"] = 0.75 },
            },
        };

        var advice = Assert.Single(AdviceBuilder.Build(run));

        Assert.Contains("not better than the base model on accuracy 0.700 vs base 0.750", advice, StringComparison.Ordinal);
    }
}
