using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;

namespace MlOps.Specs.Model;

/// <summary>A fairness check on one sensitive attribute, Fairlearn's metric definitions.</summary>
public sealed record BiasSpec
{
    public required string Attribute { get; init; }
    /// <summary>demographic_parity_difference|_ratio, equalized_odds_difference|_ratio,
    /// equal_opportunity_difference|_ratio, disparate_impact.</summary>
    public required string Metric { get; init; }
    public double? Max { get; init; }
    public double? Min { get; init; }
    /// <summary>Groups with fewer rows are reported and excluded, with a warning.</summary>
    public int MinGroupSize { get; init; } = 30;
    /// <summary>disparate_impact: the group whose selection rate is the denominator.</summary>
    public string? Privileged { get; init; }
    /// <summary>When bootstrap is on, gate on the confidence bound instead of the point value.</summary>
    public bool UseBound { get; init; }
    public Severity Severity { get; init; } = Severity.Error;
    public required SourceLocation Location { get; init; }
}
