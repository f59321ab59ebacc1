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
    /// <summary>`sweep:` — null: one training (left out of the fingerprint, so specs without it keep theirs).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public SweepSpec? Sweep { get; init; }
    /// <summary>`export:` — null: nothing exported (left out of the fingerprint, so specs without it keep theirs).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ExportSpec? Export { get; init; }
    /// <summary>The spec file as its diagnostics name it, at its first key: where run-time problems of the whole spec point. Not part of the resolved spec.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public MlOps.Contracts.Diagnostics.SourceLocation? Location { get; init; }
    /// <summary>Where `device` is written (null: not written). Not part of the resolved spec.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public MlOps.Contracts.Diagnostics.SourceLocation? DeviceLocation { get; init; }

    /// <summary>Where a run-time problem of <paramref name="specific"/> points: its own place, else the spec's first key, else the file.</summary>
    public MlOps.Contracts.Diagnostics.SourceLocation At(MlOps.Contracts.Diagnostics.SourceLocation? specific = null) =>
        specific ?? Location ?? MlOps.Contracts.Diagnostics.SourceLocation.None(SpecPath);
}
