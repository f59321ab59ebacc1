namespace MlOps.Specs.Model;

/// <summary>
/// A validated fine-tuning spec (v1). Paths are absolute, resolved against the spec's folder.
/// Every section is present; absent sections carry their defaults.
/// </summary>
public sealed record FineTuneSpec
{
    public required string Name { get; init; }
    public required string SpecPath { get; init; }
    public int Seed { get; init; } = 42;
    /// <summary>auto | cpu | cuda | cuda:N</summary>
    public string Device { get; init; } = "auto";
    public required BaseModelSpec Base { get; init; }
    public required DataSpec Data { get; init; }
    public TrainingSpec Training { get; init; } = new();
    public EvaluationSpec Evaluation { get; init; } = new();
    public IReadOnlyList<GateSpec> Gates { get; init; } = [];
    public IReadOnlyList<BiasSpec> Bias { get; init; } = [];
    public TrackingSpec Tracking { get; init; } = new();
    /// <summary>Null: every parameter trains as training.freeze says (no adapter).</summary>
    public AdapterSpec? Adapter { get; init; }
}
