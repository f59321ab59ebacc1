using MlOps.Contracts.Diagnostics;

namespace MlOps.Specs.Model;

public sealed record EvaluationSpec
{
    public IReadOnlyList<string> Metrics { get; init; } = ["accuracy", "macro_f1", "log_loss"];
    /// <summary>The class that counts as "positive" for binary and fairness metrics.</summary>
    public string? PositiveLabel { get; init; }
    /// <summary>Where positive_label's value is written. Not part of the resolved spec.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public SourceLocation? PositiveLabelLocation { get; init; }
    /// <summary>Where evaluation.metrics is written. Not part of the resolved spec.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public SourceLocation? MetricsLocation { get; init; }
    public ForgettingSpec? Forgetting { get; init; }
    public BootstrapSpec? Bootstrap { get; init; }
}

/// <summary>The original task's data, to measure what fine-tuning made the model forget.</summary>
public sealed record ForgettingSpec
{
    public required string Data { get; init; }
    public string? Labels { get; init; }
    public string Metric { get; init; } = "accuracy";
    public SourceLocation? Location { get; init; }
}

public sealed record BootstrapSpec
{
    public int Samples { get; init; } = 1000;
    public double Confidence { get; init; } = 0.95;
}
