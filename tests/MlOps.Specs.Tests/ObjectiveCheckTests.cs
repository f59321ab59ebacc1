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
    public void Causal_lm_binds_its_sequence_settings_an_adapter_without_targets_and_export()
    {
        _box.Write("data/train.jsonl", "{\"prompt\": \"a\", \"completion\": \"b\"}\n");
        _box.Write("tiny/config.json", "{\"model_type\": \"llama\"}");
        var yaml = """
            name: demo
            base: { model: auto, config: tiny/config.json }
            data: { format: jsonl, train: data/train.jsonl }
            adapter: { r: 4 }
            training: { objective: causal_lm, max_length: 256, train_on_prompt: true, packing: true }
            export: { onnx: true }
            gates:
              - { metric: perplexity, max: 20 }
              - { export: onnx, max_abs_diff: 1.0e-4 }
            """;
        var result = _box.Load(yaml);

        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
        var spec = result.Spec!;
        Assert.Equal((256, true, true), (spec.Training.SequenceLength, spec.Training.TrainOnPrompt, spec.Training.Packing));
        Assert.Empty(spec.Adapter!.Targets);
        Assert.Equal(["loss", "perplexity"], spec.Evaluation.Metrics);
        Assert.True(spec.Export!.Onnx);  // a causal_lm run exports its language model (CausalLmExportStage)
    }

    [Fact]
    public void Causal_lm_refuses_labels_data_max_length_and_csv_without_text_each_at_its_line()
    {
        var yaml = """
            name: demo
            base: { model: auto, config: tiny/config.json }
            data:
              train: data/train.csv
              label: y
              max_length: 64
            training: { objective: causal_lm }
            gates:
              - { metric: accuracy, min: 0.5 }
            """;
        var result = _box.Load(yaml);

        Assert.Null(result.Spec);
        DiagnosticAssert.Has(result, SpecErrorCodes.ObjectiveMismatch, 5, 10);  // data.label
        DiagnosticAssert.Has(result, SpecErrorCodes.ObjectiveMismatch, 6, 15);  // data.max_length
        DiagnosticAssert.Has(result, SpecErrorCodes.MetricNotForObjective, 9, 15); // accuracy
        Assert.Contains(result.Diagnostics, d => d.Code == SpecErrorCodes.ObjectiveMismatch && d.Message.Contains("JSON Lines", StringComparison.Ordinal));
    }

    [Fact]
    public void Causal_lm_settings_on_a_classifier_are_refused_at_their_keys()
    {
        var yaml = "name: demo\nbase: { model: mlp }\ndata: { train: data/train.csv, validation: data/val.csv }\ntraining:\n  max_length: 64\n  packing: true\n";
        var result = _box.Load(yaml);

        DiagnosticAssert.Has(result, SpecErrorCodes.NotApplicable, 5, 3);
        DiagnosticAssert.Has(result, SpecErrorCodes.NotApplicable, 6, 3);
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
