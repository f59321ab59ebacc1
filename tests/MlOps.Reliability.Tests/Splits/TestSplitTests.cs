using System.Globalization;
using MlOps.Contracts.Results;
using MlOps.Core.Reporting;
using MlOps.Reliability.Tests.Infrastructure;

namespace MlOps.Reliability.Tests.Splits;

/// <summary>
/// Issue 17, item 3, through `mlops run`: with a test split the gates, fairness and predictions.csv
/// read it (never the validation split that chose the epoch), the report and result.json say so,
/// and without one an advice line says the verdict uses the selection split. Bad test files are
/// refused before training like bad validation files.
/// </summary>
public sealed class TestSplitTests : IDisposable
{
    private readonly SampleRepo repo = new();

    private string Out => Path.Combine(repo.Root, "out");

    /// <summary>a, b: features; sex: the group; label deny/approve learnable from a. flip: every label swapped (a test split the model must do badly on).</summary>
    private static string Csv(int rows, bool flip = false, Func<int, string>? label = null) =>
        "a,b,sex,label\n" + string.Concat(Enumerable.Range(0, rows).Select(i =>
            string.Create(CultureInfo.InvariantCulture,
                $"{i % 3 + (i % 2 == 0 ? 0.4 : 0)},{i % 5},{(i % 2 == 0 ? "F" : "M")},{label?.Invoke(i) ?? ((i % 3 == 0) != flip ? "deny" : "approve")}\n")));

    private string Spec(string? testLine, string? test = null, string gates = "  - { metric: accuracy, min: 0.5 }\n  - { overfit: accuracy, max_gap: 1 }")
    {
        repo.Write("data/train.csv", Csv(120));
        repo.Write("data/val.csv", Csv(60));
        if (test is not null)
        {
            repo.Write("data/test.csv", test);
        }
        return repo.Write("spec.yaml", $$"""
            name: test-split
            seed: 3
            base: { model: mlp, checkpoint: none, hidden: [8] }
            data:
              train: data/train.csv
              validation: data/val.csv
            {{testLine ?? ""}}
              label: label
              sensitive: [sex]
            training: { epochs: 6, batch_size: 16, optimizer: { lr: 0.05 }, threads: 1 }
            gates:
            {{gates}}
            bias:
              - { attribute: sex, metric: demographic_parity_difference, max: 1, min_group_size: 1 }
            tracking: { experiment: test-split }
            """);
    }

    private RunResult Result() => RunResultFile.Read(Path.Combine(Out, "result.json"));

    [Fact]
    public void With_a_test_split_the_gates_fairness_and_predictions_read_it_not_validation()
    {
        // The test rows carry the opposite labels: a model that learnt the task does well on
        // validation and badly on test, so a gate judged on validation would pass and on test fails.
        var spec = Spec("  test: data/test.csv", test: Csv(45, flip: true));

        var run = Mlops.Run(spec, Out);

        var result = Result();
        var test = result.Metrics["test"]["accuracy"];
        var validation = result.Metrics["validation"]["accuracy"];
        Assert.True(validation >= 0.5 && test < 0.5, $"validation {validation}, test {test}: the model should have learnt the task\n{run.All}");
        Assert.True(run.Exit == 1, run.All); // the accuracy gate fails on test although validation passes it
        Assert.Equal("test", result.GatedOnSplit);
        var gate = result.Gates.Single(g => g.Kind == GateResultKind.Metric);
        Assert.Equal("test", gate.Split);
        Assert.Equal(test, gate.Actual);
        Assert.False(gate.Passed);
        var overfit = result.Gates.Single(g => g.Kind == GateResultKind.Overfit);
        Assert.Equal("test", overfit.Split);
        Assert.Equal(result.Metrics["train"]["accuracy"] - test, overfit.Actual!.Value, 12);
        var bias = result.Gates.Single(g => g.Kind == GateResultKind.Bias);
        Assert.Equal("test", bias.Split);
        Assert.Equal(45, result.Fairness.Single().Groups.Sum(g => g.Count)); // fairness counted the 45 test rows, not the 60 validation rows
        Assert.Equal(45, result.Training.TestRows);
        Assert.Contains(result.Datasets, d => d.Context == "test" && d.Rows == 45);
        Assert.DoesNotContain(AdviceBuilder.SelectionSplitAdvice, result.Advice);

        var predictions = File.ReadAllLines(Path.Combine(Out, "predictions.csv")).Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.Equal(60, predictions.Count(s => s == "validation"));
        Assert.Equal(45, predictions.Count(s => s == "test"));
        var report = File.ReadAllText(Path.Combine(Out, "report.md"));
        Assert.Contains(@"judged on the test split \(45 rows\), which neither early stopping nor restore\_best saw", report, StringComparison.Ordinal);
        Assert.Contains("| metric | test | validation | train | baseline (test) |", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_test_split_the_verdict_says_it_uses_the_selection_split()
    {
        var spec = Spec(null);

        var run = Mlops.Run(spec, Out);

        Assert.True(run.Exit == 0, run.All);
        var result = Result();
        Assert.Equal("validation", result.GatedOnSplit);
        Assert.All(result.Gates, g => Assert.Equal("validation", g.Split));
        Assert.Equal(result.Metrics["validation"]["accuracy"], result.Gates.Single(g => g.Kind == GateResultKind.Metric).Actual);
        Assert.Contains(AdviceBuilder.SelectionSplitAdvice, result.Advice);
        var report = File.ReadAllText(Path.Combine(Out, "report.md"));
        Assert.Contains("The verdict uses the selection split", report, StringComparison.Ordinal);
        Assert.Contains(@"judged on the validation split \(60 rows\), the split that also chose the kept epoch", report, StringComparison.Ordinal);
    }

    [Fact]
    public void A_test_share_of_the_training_file_is_held_out_by_a_seeded_split()
    {
        var spec = Spec("  split: { test: 0.25 }");

        var run = Mlops.Run(spec, Out);

        Assert.True(run.Exit == 0, run.All);
        var result = Result();
        Assert.Equal("test", result.GatedOnSplit);
        Assert.Equal(30, result.Training.TestRows); // 25% of 120, per class
        Assert.Equal(90, result.Training.TrainRows);
        Assert.Contains(result.Datasets, d => d.Context == "test" && d.Name.Contains("test part of a seeded split, 25%", StringComparison.Ordinal));
        Assert.Equal(result.Metrics["test"]["accuracy"], result.Gates.Single(g => g.Kind == GateResultKind.Metric).Actual);
    }

    [Fact]
    public void A_test_file_with_other_columns_is_refused_before_training()
    {
        var spec = Spec("  test: data/test.csv", test: "a,c,sex,label\n1,2,F,deny\n");

        var run = Mlops.Run(spec, Out);

        Assert.True(run.Exit == 2, run.All);
        Assert.Contains($"{Path.Combine(repo.Root, "data", "test.csv")}: error MLOPS209: test and training data have different columns", run.All, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch 1", run.All, StringComparison.OrdinalIgnoreCase);
        Assert.False(Directory.Exists(Out), "a refused run leaves no output folder");
    }

    [Fact]
    public void A_test_label_training_never_had_names_its_cell()
    {
        var spec = Spec("  test: data/test.csv", test: Csv(10, label: i => i == 4 ? "maybe" : "deny"));

        var run = Mlops.Run(spec, Out);

        Assert.True(run.Exit == 2, run.All);
        Assert.Contains($"{Path.Combine(repo.Root, "data", "test.csv")}(6,4): error MLOPS207: row at line 6, column 'label' (#4): test label 'maybe'", run.All, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out), "a refused run leaves no output folder");
    }

    [Fact]
    public void A_missing_test_file_is_an_error_at_the_spec()
    {
        var spec = Spec("  test: data/absent.csv");

        var run = Mlops.Run(spec, Out);

        Assert.True(run.Exit == 2, run.All);
        Assert.Contains("MLOPS", run.All, StringComparison.Ordinal);
        Assert.Contains("absent.csv", run.All, StringComparison.Ordinal);
        Assert.Matches(@"spec\.yaml\(\d+,\d+\): error MLOPS\d{3}: .*absent\.csv", run.All);
    }

    [Fact]
    public void A_gate_on_the_test_split_without_one_is_a_spec_error()
    {
        var spec = Spec(null, gates: "  - { metric: accuracy, min: 0.5, split: test }");

        var run = Mlops.Run(spec, Out);

        Assert.True(run.Exit == 2, run.All);
        Assert.Contains("error MLOPS018: 'gates[0].split: test' needs a test split", run.All, StringComparison.Ordinal);
    }

    public void Dispose() => repo.Dispose();
}
