using MlOps.Specs;
using MlOps.Tests.Shared;

namespace MlOps.Specs.Tests;

/// <summary>training.objective decides which metrics and sections make sense; the rest is refused at its line.</summary>
public sealed class ObjectiveCheckTests : IDisposable
{
    private readonly SpecSandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public void A_classifier_spec_cannot_gate_on_a_masked_lm_metric()
    {
        var yaml = """
            name: demo
            base: { model: mlp }
            data: { train: data/train.csv, validation: data/val.csv }
            gates:
              - { metric: masked_accuracy, min: 0.5 }
            """;
        var d = DiagnosticAssert.Has(_box.Load(yaml), SpecErrorCodes.MetricNotForObjective, 5, 15);
        Assert.Contains("classification", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Masked_lm_pretraining_refuses_classifier_metrics_bias_and_forgetting_each_at_its_line()
    {
        var yaml = """
            name: demo
            base: { model: mlp }
            data: { train: data/train.csv, validation: data/val.csv }
            training: { objective: masked_lm }
            evaluation:
              metrics: [accuracy]
            gates:
              - { metric: perplexity, max: 50 }
              - { forgetting: accuracy, max_drop: 0.1 }
            bias:
              - { attribute: sex, metric: demographic_parity_difference, max: 0.1 }
            """;
        var result = _box.Load(yaml);

        Assert.Null(result.Spec);
        DiagnosticAssert.Has(result, SpecErrorCodes.ObjectiveMismatch, 4, 24);   // no data.text
        DiagnosticAssert.Has(result, SpecErrorCodes.MetricNotForObjective, 6, 13); // accuracy
        DiagnosticAssert.Has(result, SpecErrorCodes.MetricNotForObjective, 9, 19); // forgetting: accuracy
        DiagnosticAssert.Has(result, SpecErrorCodes.ObjectiveMismatch, 9, 5);      // forgetting gate
        Assert.DoesNotContain(result.Diagnostics, d => d.Location.Line == 8);      // perplexity is fine
    }

    [Fact]
    public void An_unknown_objective_is_refused_with_the_choices()
    {
        var yaml = "name: demo\nbase: { model: mlp }\ndata: { train: data/train.csv, validation: data/val.csv }\ntraining: { objective: mlm }\n";
        var d = Assert.Single(_box.Load(yaml).Diagnostics, x => x.IsError);
        Assert.Equal(4, d.Location.Line);
        Assert.Contains("masked_lm", d.Message, StringComparison.Ordinal);
    }
}
