namespace MlOps.Contracts.Results;

/// <summary>One bias entry's metric, with the per-group table it was computed from.</summary>
public sealed record FairnessResult
{
    public required string Attribute { get; init; }
    public required string Metric { get; init; }
    public double? Value { get; init; }
    /// <summary>Bootstrap confidence interval, when requested.</summary>
    public double? Lower { get; init; }
    public double? Upper { get; init; }
    public string? PrivilegedGroup { get; init; }
    public IReadOnlyList<GroupStatistics> Groups { get; init; } = [];
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

public sealed record GroupStatistics(
    string Group,
    int Count,
    bool Excluded,
    double SelectionRate,
    double? TruePositiveRate,
    double? FalsePositiveRate,
    double Accuracy);
