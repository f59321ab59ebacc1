using MlOps.Tests.Shared;

namespace MlOps.Specs.Tests;

/// <summary>Issue 15, item 2: validate refuses what the run would refuse, at the line that needs the positive class.</summary>
public sealed class PositiveLabelCheckTests : IDisposable
{
    private const string Head = "name: demo\nbase: {model: mlp}\ndata: {train: data/five.csv, validation: data/five.csv}\n";
    private readonly SpecSandbox _box = new();

    public PositiveLabelCheckTests()
    {
        var rows = new System.Text.StringBuilder("x1,\"note, quoted\",label\n");
        for (var i = 0; i < 150; i++)
        {
            rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i},\"a, \"\"b\"\"\",class-{i % 5}\n");
        }
        _box.Write("data/five.csv", rows.ToString());
        _box.Write("data/two.csv", "x1,label\n1,yes\n2,no\n3,yes\n");
    }

    public void Dispose() => _box.Dispose();

    [Fact]
    public void A_gate_on_f1_for_a_five_class_task_fails_validation_at_the_gate()
    {
        var result = _box.Load(Head + "gates:\n  - { metric: accuracy, min: 0.5 }\n  - { metric: f1, min: 0.5 }\n");

        var error = DiagnosticAssert.Has(result, "MLOPS504", 6, 5);
        Assert.True(error.IsError);
        Assert.Contains("evaluation.positive_label", error.Message, StringComparison.Ordinal);
        Assert.Contains("class-0, class-1, class-2, class-3, class-4", error.Message, StringComparison.Ordinal);
        Assert.Null(result.Spec);
    }

    [Fact]
    public void A_named_positive_class_makes_it_valid()
    {
        var result = _box.Load(Head + "evaluation: {positive_label: class-3}\ngates:\n  - { metric: f1, min: 0.5 }\n");

        DiagnosticAssert.Clean(result);
    }

    [Fact]
    public void A_positive_label_that_is_no_class_is_reported_at_its_value()
    {
        var result = _box.Load(Head + "evaluation:\n  positive_label: class-9\n");

        DiagnosticAssert.Has(result, "MLOPS503", 5, 19);
    }

    [Fact]
    public void A_binary_task_needs_no_positive_label()
    {
        var result = _box.Load("name: demo\nbase: {model: mlp}\ndata: {train: data/two.csv, validation: data/two.csv}\ngates:\n  - { metric: f1, min: 0.5 }\n");

        Assert.DoesNotContain(result.Diagnostics, d => d.Code is "MLOPS503" or "MLOPS504");
    }

    [Fact]
    public void Declared_classes_are_used_without_reading_the_data()
    {
        var result = _box.Load("name: demo\nbase: {model: mlp}\ndata: {train: data/two.csv, validation: data/two.csv, classes: [a, b, c]}\nevaluation: {metrics: [accuracy, recall]}\n");

        DiagnosticAssert.Has(result, "MLOPS504", 4, 23);
    }
}

/// <summary>The run's own check (after its data loads, before training) points at the spec's lines too.</summary>
public sealed class PositiveLabelRunCheckTests : IDisposable
{
    private readonly SpecSandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public void The_classes_a_run_found_are_checked_against_each_gate_and_bias_entry_with_their_places()
    {
        var spec = _box.Load("name: demo\nbase: {model: mlp}\ndata: {train: data/train.csv, validation: data/val.csv, sensitive: [sex]}\nevaluation: {positive_label: '1'}\ngates:\n  - { metric: f1, min: 0.5 }\nbias:\n  - { attribute: sex, metric: demographic_parity_difference, max: 0.2 }\n").Spec!;
        var unlabelled = spec with { Evaluation = spec.Evaluation with { PositiveLabel = null } };

        var problems = MlOps.Specs.Checks.PositiveLabelCheck.Check(unlabelled, ["a", "b", "c", "d", "e"]);

        Assert.Equal([("MLOPS504", 6, 5), ("MLOPS504", 8, 5)], problems.Select(d => (d.Code, d.Location.Line, d.Location.Column)));
        Assert.All(problems, d => Assert.EndsWith("spec.yaml", d.Location.File, StringComparison.Ordinal));
    }
}
