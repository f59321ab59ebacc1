using MlOps.Contracts.Results;
using MlOps.Specs.Model;

namespace MlOps.Core.Fairness.Counterfactual;

/// <summary>
/// A counterfactual bias entry of a generative model: each group's prompts scored, the group's mean
/// score reported, and the gap (largest group mean − smallest) as the entry's value, which the bias
/// gate compares with <c>max</c> like a tabular difference metric.
/// </summary>
public static class CounterfactualFairness
{
    public static FairnessResult Compute(BiasSpec entry, ICounterfactualScorer scorer)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(scorer);
        var spec = entry.Counterfactual ?? throw new ArgumentException("not a counterfactual entry", nameof(entry));
        var groups = CounterfactualPrompts.Expand(spec).Select(g =>
        {
            var scores = scorer.Score(g.Prompts, spec.Reference);
            return new GroupStatistics(g.Group, g.Prompts.Count, false, 0, null, null, 0) { Score = scores.Average() };
        }).ToList();
        var gap = groups.Max(g => g.Score!.Value) - groups.Min(g => g.Score!.Value);
        return new FairnessResult
        {
            Attribute = entry.Attribute,
            Metric = entry.Metric,
            Value = gap,
            ValueAllGroups = gap,
            Groups = groups,
        };
    }
}
