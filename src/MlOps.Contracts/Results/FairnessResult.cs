using System.Text.Json.Serialization;

namespace MlOps.Contracts.Results;

/// <summary>One bias entry's metric, with the per-group table it was computed from.</summary>
public sealed record FairnessResult
{
    public required string Attribute { get; init; }
    public required string Metric { get; init; }
    /// <summary>Over the groups of at least min_group_size rows; null when undefined.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? Value { get; init; }
    /// <summary>Over every group, the small ones included (an excluded group can be the worst one).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? ValueAllGroups { get; init; }
    /// <summary>Which of the two the gate compares: "sized" or "all" (bias[].groups).</summary>
    public string GatedOn { get; init; } = "sized";
    /// <summary>The class whose prediction counts as the favourable outcome in selection rates.</summary>
    public string? FavourableLabel { get; init; }
    /// <summary>Bootstrap confidence interval of the gated value, when requested.</summary>
    public double? Lower { get; init; }
    public double? Upper { get; init; }
    public string? PrivilegedGroup { get; init; }
    public IReadOnlyList<GroupStatistics> Groups { get; init; } = [];
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>A generative model's counterfactual entry: the base checkpoint's gap on the same prompts (null without one); the gate reads <see cref="Value"/>.</summary>
    public double? BaseValue { get; init; }
}

public sealed record GroupStatistics(
    string Group,
    int Count,
    bool Excluded,
    double SelectionRate,
    double? TruePositiveRate,
    double? FalsePositiveRate,
    double Accuracy)
{
    /// <summary>Counterfactual bias of a generative model: the group's mean score (log-probability or exact match); null for classifier groups.</summary>
    public double? Score { get; init; }

    /// <summary>Counterfactual bias: the base checkpoint's mean score on the group's prompts (null without one).</summary>
    public double? BaseScore { get; init; }
}
