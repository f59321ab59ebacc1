using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;

namespace MlOps.Specs.Model;

public enum GateKind
{
    /// <summary>`{ metric: m, min: x }` / `max`, optionally `against: baseline|champion`.</summary>
    Metric,
    /// <summary>`{ overfit: m, max_gap: x }`: train minus the judged split (test when there is one, else validation).</summary>
    Overfit,
    /// <summary>`{ forgetting: m, max_drop: x }` / `max_ratio: r`: base model against fine-tuned on the original task.</summary>
    Forgetting,
    /// <summary>`{ export: onnx, max_abs_diff: x }`: ONNX Runtime's logits against TorchSharp's on the validation split.</summary>
    Export,
}

public enum GateReference { None, Baseline, Champion }

/// <summary>
/// Which number of a metric over repeated runs (training.repeats) a gate reads. Each is taken on the
/// pessimistic side for the metric's direction: lower_bound is the lower end of the 95% t-interval
/// of the mean (the upper end for losses), min the worst repeat (the highest loss).
/// </summary>
public enum RepeatStatistic { Mean, LowerBound, Min }

/// <summary>One gate entry of the spec, with the place it was declared.</summary>
public sealed record GateSpec
{
    public GateKind Kind { get; init; } = GateKind.Metric;
    public required string Metric { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
    public GateReference Against { get; init; } = GateReference.None;
    /// <summary>MLflow MetricThreshold semantics: candidate must beat the reference by this much.</summary>
    public double? MinAbsoluteChange { get; init; }
    public double? MinRelativeChange { get; init; }
    /// <summary>Tolerated absolute drop against the reference (MLflow lacks this).</summary>
    public double? MaxRegression { get; init; }
    /// <summary>Tolerated relative drop against the reference, as a fraction.</summary>
    public double? MaxRelativeRegression { get; init; }
    /// <summary>
    /// With against: the level α of a paired test on the same examples (McNemar's exact test for
    /// accuracy, a seeded paired bootstrap otherwise); the gate passes only when the improvement is significant.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? Significance { get; init; }
    /// <summary>With training.repeats: the statistic over the repeats the gate reads; null: the mean.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public RepeatStatistic? Statistic { get; init; }
    /// <summary>Null: inferred from the metric (loss/error metrics are lower-is-better).</summary>
    public bool? GreaterIsBetter { get; init; }
    public double? MaxGap { get; init; }
    public double? MaxDrop { get; init; }
    /// <summary>
    /// Forgetting gate: the largest tolerated worsening as a factor (≥ 1): fine-tuned / base for a
    /// lower-is-better metric, base / fine-tuned for a greater-is-better one. Null (left out of the
    /// fingerprint) when the gate has none.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? MaxRatio { get; init; }
    /// <summary>Export gate: the largest tolerated absolute logit difference between the exported graph and the trained model.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? MaxAbsDiff { get; init; }
    /// <summary>Split the metric is read from: train, validation or test; by default test when the data has a test split, else validation.</summary>
    public string Split { get; init; } = "validation";
    public Severity Severity { get; init; } = Severity.Error;
    public required SourceLocation Location { get; init; }
}
