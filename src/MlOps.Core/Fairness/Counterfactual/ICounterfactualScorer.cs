namespace MlOps.Core.Fairness.Counterfactual;

/// <summary>A per-prompt score of a generative model given a reference completion: what counterfactual bias compares between groups.</summary>
public interface ICounterfactualScorer
{
    /// <summary>One score per prompt.</summary>
    IReadOnlyList<double> Score(IReadOnlyList<string> prompts, string reference);
}
