using MlOps.Specs.Model;
using MlOps.Tests.Shared;

namespace MlOps.Specs.Tests;

/// <summary>data.test / data.split.test and the split gates read by default (issue 17, item 3).</summary>
public sealed class TestSplitSpecTests : IDisposable
{
    private const string Head = "name: demo\nbase: {model: mlp}\n";
    private readonly SpecSandbox _box = new();

    public TestSplitSpecTests() => _box.Write("data/test.csv", SpecSandbox.Csv(30));

    public void Dispose() => _box.Dispose();

    [Fact]
    public void With_a_test_file_gates_without_a_split_read_test_and_a_named_split_is_kept()
    {
        var result = _box.Load(Head + """
            data: {train: data/train.csv, validation: data/val.csv, test: data/test.csv}
            gates:
              - { metric: accuracy, min: 0.8 }
              - { metric: accuracy, min: 0.8, split: validation }
              - { overfit: accuracy, max_gap: 0.1 }
            """);

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal(["test", "validation", "test"], result.Spec!.Gates.Select(g => g.Split));
        Assert.Equal(Path.Combine(_box.Root, "data", "test.csv"), result.Spec.Data.Test);
        Assert.Equal("test", result.Spec.Data.JudgedSplit);
    }

    [Fact]
    public void Without_a_test_split_gates_read_validation()
    {
        var result = _box.Load(Head + "data: {train: data/train.csv}\ngates:\n  - { metric: accuracy, min: 0.8 }\n  - { overfit: accuracy, max_gap: 0.1 }\n");

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.All(result.Spec!.Gates, g => Assert.Equal("validation", g.Split));
    }

    [Fact]
    public void A_test_share_makes_a_test_split()
    {
        var result = _box.Load(Head + "data: {train: data/train.csv, split: {validation: 0.2, test: 0.25}}\ngates:\n  - { metric: accuracy, min: 0.8 }\n");

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal(0.25, result.Spec!.Data.Split.Test);
        Assert.Equal("test", result.Spec.Gates.Single().Split);
    }

    [Fact]
    public void Shares_that_leave_no_training_rows_are_refused_at_the_test_share()
    {
        var result = _box.Load(Head + "data:\n  train: data/train.csv\n  split: {validation: 0.5, test: 0.5}\n");

        Assert.Contains("leaves no training rows", DiagnosticAssert.Has(result, "MLOPS015", 5, 34).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_test_share_beside_a_test_file_is_refused()
    {
        var result = _box.Load(Head + "data:\n  train: data/train.csv\n  test: data/test.csv\n  split: {test: 0.2}\n");

        Assert.Contains("already names a test file", DiagnosticAssert.Has(result, "MLOPS018", 6, 11).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gate_on_test_without_a_test_split_and_test_labels_on_csv_are_refused()
    {
        var gate = _box.Load(Head + "data: {train: data/train.csv}\ngates:\n  - { metric: accuracy, min: 0.8, split: test }\n");
        var labels = _box.Load(Head + "data:\n  train: data/train.csv\n  test: data/test.csv\n  test_labels: data/test.csv\n");

        Assert.Contains("needs a test split", DiagnosticAssert.Has(gate, "MLOPS018", 5, 42).Message, StringComparison.Ordinal);
        DiagnosticAssert.Has(labels, "MLOPS018", 6, 3);
    }

    [Fact]
    public void A_missing_test_file_is_an_error_at_its_value()
    {
        var result = _box.Load(Head + "data:\n  train: data/train.csv\n  test: data/absent.csv\n");

        Assert.Contains(result.Diagnostics, d => d.Location.Line == 5 && d.Message.Contains("absent.csv", StringComparison.Ordinal));
        Assert.True(result.HasErrors);
    }
}
