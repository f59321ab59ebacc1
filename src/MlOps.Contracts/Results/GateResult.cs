using MlOps.Contracts.Diagnostics;

namespace MlOps.Contracts.Results;

/// <summary>The outcome of one gate or bias entry, kept with where the spec declared it.</summary>
public sealed record GateResult
{
    /// <summary>Readable name, e.g. "accuracy min 0.90" or "sex demographic_parity_difference max 0.10".</summary>
    public required string Name { get; init; }
    public required string Metric { get; init; }
    public required GateResultKind Kind { get; init; }
    /// <summary>The value compared; null (written as null) when it was undefined or not computed.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)]
    public double? Actual { get; init; }
    /// <summary>The value compared with: threshold, or the reference value plus tolerance.</summary>
    public double? Threshold { get; init; }
    /// <summary>The comparison as text, e.g. "&gt;=" or "&lt;=".</summary>
    public required string Comparison { get; init; }
    public required bool Passed { get; init; }
    /// <summary>
    /// Nothing to compare with (a champion gate before the first champion): the gate does not fail
    /// the run (<see cref="Passed"/> is true) but is reported as skipped and never counted as passed.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool Skipped { get; init; }
    /// <summary>
    /// The data the compared value was measured on: "train", "validation", "test" (a metric, overfit or
    /// bias gate), or "forgetting" (the original task's data).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Split { get; init; }
    /// <summary>The paired test behind a <c>significance</c> condition; null for every other gate.</summary>
    public SignificanceResult? Significance { get; init; }
    public Severity Severity { get; init; } = Severity.Error;
    public required string Message { get; init; }
    public required SourceLocation Location { get; init; }
}
