namespace MlOps.Core.Fairness;

/// <summary>The fairness metrics a bias entry may name (Fairlearn's, plus disparate impact).</summary>
public static class FairnessMetricNames
{
    public const string DemographicParityDifference = "demographic_parity_difference";
    public const string DemographicParityRatio = "demographic_parity_ratio";
    public const string EqualizedOddsDifference = "equalized_odds_difference";
    public const string EqualizedOddsRatio = "equalized_odds_ratio";
    public const string EqualOpportunityDifference = "equal_opportunity_difference";
    public const string EqualOpportunityRatio = "equal_opportunity_ratio";
    public const string DisparateImpact = "disparate_impact";

    /// <summary>Differences: 0 is parity, lower is better. Ratios and disparate impact: 1 is parity, higher is better.</summary>
    public static bool IsDifference(string metric) => metric.EndsWith("_difference", StringComparison.Ordinal);
}
