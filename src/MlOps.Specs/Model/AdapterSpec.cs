using System.Text.Json.Serialization;
using MlOps.Contracts.Diagnostics;

namespace MlOps.Specs.Model;

public enum AdapterType
{
    /// <summary>Low-rank adaptation (Hu et al. 2021): y = W x + b + (alpha / r) · B(A(dropout(x))).</summary>
    Lora,
}

/// <summary>
/// `adapter:` — parameter-efficient fine-tuning. The matching Linear layers are wrapped, their own
/// weights frozen, and only the adapter (and the head) train.
/// </summary>
public sealed record AdapterSpec
{
    public AdapterType Type { get; init; } = AdapterType.Lora;
    /// <summary>Rank of the update B·A.</summary>
    public int R { get; init; } = 8;
    /// <summary>Scale numerator: the update is multiplied by alpha / r.</summary>
    public double Alpha { get; init; } = 16;
    /// <summary>Dropout on the adapter's input only (PEFT's lora_dropout).</summary>
    public double Dropout { get; init; }
    /// <summary>Globs over module paths (<c>backbone.fc1</c>, <c>*.query</c>); each must match at least one Linear layer.</summary>
    public required IReadOnlyList<string> Targets { get; init; }
    /// <summary>Also write W + (alpha / r)·B·A as the run's model, loadable as a plain base checkpoint.</summary>
    public bool Merge { get; init; }
    /// <summary>Where each target was written, in <see cref="Targets"/> order (not part of the fingerprint).</summary>
    [JsonIgnore]
    public IReadOnlyList<SourceLocation> TargetLocations { get; init; } = [];
    public SourceLocation? Location { get; init; }

    public double Scale => Alpha / R;
}
