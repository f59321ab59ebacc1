using MlOps.Specs;
using MlOps.Tests.Shared;

namespace MlOps.Specs.Tests;

/// <summary>What each diagnostic says: enough to fix the spec without opening the docs.</summary>
public sealed class DiagnosticMessageTests : IDisposable
{
    private const string Valid = "name: demo\nbase: {model: mlp}\ndata: {train: data/train.csv, validation: data/val.csv}\n";
    private readonly SpecSandbox _box = new();

    public void Dispose() => _box.Dispose();

    private string Message(string yaml, string code, int line, int column) =>
        DiagnosticAssert.Has(_box.Load(yaml), code, line, column).Message;

    [Fact]
    public void Unknown_key_suggests_the_closest_known_key()
    {
        var message = Message(Valid + "training:\n  batchsize: 8\n", SpecErrorCodes.UnknownKey, 5, 3);
        Assert.Equal("unknown key 'batchsize' in 'training'; did you mean 'batch_size'?", message);
    }

    [Fact]
    public void Unknown_key_without_a_close_match_lists_the_allowed_keys()
    {
        var message = Message(Valid + "training:\n  learning_rate: 8\n", SpecErrorCodes.UnknownKey, 5, 3);
        Assert.Contains("allowed keys: epochs, batch_size, optimizer", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_key_points_at_the_second_and_names_the_first_line()
    {
        var message = Message(Valid + "seed: 1\nseed: 2\n", SpecErrorCodes.DuplicateKey, 5, 1);
        Assert.Contains("first written at line 4", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_type_says_what_was_expected_and_what_was_found()
    {
        Assert.Equal("'training.epochs' must be a whole number, found text 'ten'",
            Message(Valid + "training: {epochs: ten}\n", SpecErrorCodes.WrongType, 4, 20));
        Assert.Equal("'training.optimizer' must be a mapping (key: value lines), found a list",
            Message(Valid + "training: {optimizer: [adamw]}\n", SpecErrorCodes.WrongType, 4, 23));
        Assert.Equal("'training.batch_size' must be a whole number, found text '8'",
            Message(Valid + "training: {batch_size: '8'}\n", SpecErrorCodes.WrongType, 4, 24));
    }

    [Fact]
    public void Out_of_range_states_the_range_and_the_value()
    {
        Assert.Equal("'evaluation.bootstrap.confidence' must be >= 0.5 and <= 0.999, found 1",
            Message(Valid + "evaluation: {bootstrap: {confidence: 1}}\n", SpecErrorCodes.OutOfRange, 4, 38));
        Assert.Equal("'training.grad_clip' must be > 0 and <= 1000000, found -1",
            Message(Valid + "training: {grad_clip: -1}\n", SpecErrorCodes.OutOfRange, 4, 23));
    }

    [Fact]
    public void A_value_outside_the_allowed_set_lists_the_allowed_values()
    {
        Assert.Equal("'data.missing' must be one of: error, drop, impute; found 'ignore'",
            Message("name: demo\nbase: {model: mlp}\ndata: {train: data/train.csv, missing: ignore}\n", SpecErrorCodes.NotAllowed, 3, 40));
    }

    [Fact]
    public void An_unknown_metric_suggests_a_known_one()
    {
        var message = Message(Valid + "gates:\n  - { metric: acuracy, min: 0.5 }\n", SpecErrorCodes.UnknownMetric, 5, 15);
        Assert.Contains("did you mean 'accuracy'?", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gate_on_a_metric_not_listed_in_evaluation_metrics_is_fine_when_the_evaluation_computes_it()
    {
        var result = _box.Load(Valid + "training: {epochs: 20}\nevaluation: {metrics: [accuracy]}\ngates:\n  - { metric: weighted_f1, min: 0.5 }\n");
        DiagnosticAssert.Clean(result);
    }

    [Fact]
    public void A_bias_attribute_missing_from_sensitive_suggests_the_declared_one()
    {
        var yaml = "name: demo\nbase: {model: mlp}\ndata: {train: data/train.csv, sensitive: [gender]}\nbias:\n  - { attribute: gendre, metric: demographic_parity_ratio, min: 0.8 }\n";
        var message = Message(yaml, SpecErrorCodes.AttributeNotSensitive, 5, 18);
        Assert.Contains("did you mean 'gender'?", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_in_every_section_is_reported_in_one_pass()
    {
        var yaml = """
            name: Demo
            device: tpu
            base: { model: mlp, dropout: 2 }
            data: { train: data/nope.csv, format: xml }
            training: { epochs: -3, optimizer: { type: rmsprop } }
            evaluation: { metrics: [acc] }
            gates:
              - { metric: accuracy }
            bias:
              - { attribute: sex, metric: demographic_parity_difference, max: 0.1 }
            tracking: { experimant: x }
            """;
        var result = _box.Load(yaml);
        Assert.Null(result.Spec);
        string[] expected =
        [
            "MLOPS017 1:7", "MLOPS016 2:9", "MLOPS015 3:30", "MLOPS020 4:16", "MLOPS016 4:39", "MLOPS015 5:21",
            "MLOPS016 5:44", "MLOPS030 6:25", "MLOPS033 8:5", "MLOPS037 10:18", "MLOPS011 11:13",
        ];
        Assert.Equal(expected, result.Diagnostics.Select(d => $"{d.Code} {d.Location.Line}:{d.Location.Column}"));
    }
}
