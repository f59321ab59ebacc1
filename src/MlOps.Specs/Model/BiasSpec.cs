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
    /// <summary>The outcome counted as favourable by selection-rate metrics (demographic parity, disparate impact); null: the positive label.</summary>
    public string? FavourableLabel { get; init; }
    /// <summary>Which value the gate compares: over the groups of at least min_group_size rows (sized), or over every group (all).</summary>
    public BiasGroups Groups { get; init; } = BiasGroups.Sized;
    /// <summary>A TPR without actual positives (FPR without actual negatives): 0 as in Fairlearn, or left out of that rate's comparison.</summary>
    public UndefinedRate UndefinedRate { get; init; } = UndefinedRate.Zero;
    public required SourceLocation Location { get; init; }
    /// <summary>causal_lm: counterfactual prompts by group instead of a data.sensitive column (metric log_probability_gap or exact_match_gap).</summary>
    public CounterfactualSpec? Counterfactual { get; init; }
}

/// <summary>
/// bias[].counterfactual: a prompt template with <c>{placeholder}</c>s, the substitution lists of each
/// group (the i-th prompt of a group takes the i-th value of every list), and the reference completion
/// whose log-probability, or exact match with the generated text, is compared between the groups.
/// </summary>
public sealed record CounterfactualSpec
{
    public required string Template { get; init; }
    public required string Reference { get; init; }
    public required IReadOnlyList<CounterfactualGroup> Groups { get; init; }
}

/// <summary>One group's substitutions: placeholder → values, all lists of one length (<see cref="Size"/>).</summary>
public sealed record CounterfactualGroup(string Name, IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Substitutions)
{
    public int Size => Substitutions.Count == 0 ? 0 : Substitutions[0].Value.Count;
}

/// <summary>bias[].undefined_rate: what a group's rate with a zero denominator is.</summary>
public enum UndefinedRate
{
    /// <summary>0, as Fairlearn's rates (scikit-learn's confusion_matrix(normalize="true")) make it.</summary>
    Zero,
    /// <summary>The group is left out of that rate's comparison (MlOps before issue 16).</summary>
    Exclude,
}

/// <summary>bias[].groups: the set of groups a bias gate is judged on.</summary>
public enum BiasGroups
{
    /// <summary>Groups with at least min_group_size rows (smaller ones are reported, not compared).</summary>
    Sized,
    /// <summary>Every group, the small ones included.</summary>
    All,
}
