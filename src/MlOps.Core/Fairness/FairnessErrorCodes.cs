namespace MlOps.Core.Fairness;

/// <summary>Stable diagnostic codes of fairness checks (MLOPS600–699).</summary>
public static class FairnessErrorCodes
{
    /// <summary>A bias entry names a sensitive attribute the predictions carry no groups for.</summary>
    public const string AttributeMissing = "MLOPS601";
    /// <summary>A bias entry names a fairness metric that does not exist.</summary>
    public const string UnknownMetric = "MLOPS602";
    /// <summary>A group below min_group_size was excluded from the metric (warning).</summary>
    public const string GroupTooSmall = "MLOPS603";
    /// <summary>A group without actual positives (TPR 0/0) or negatives (FPR 0/0): the rate counts as 0, as in Fairlearn (warning).</summary>
    public const string RateUndefined = "MLOPS604";
    /// <summary>The metric could not be computed (fewer than two usable groups, a zero denominator); its gate fails.</summary>
    public const string MetricUndefined = "MLOPS605";
    /// <summary>bias.privileged names a group that is absent or excluded.</summary>
    public const string PrivilegedGroupMissing = "MLOPS606";
    /// <summary>bias[].favourable_label is not a class of the task.</summary>
    public const string UnknownFavourableLabel = MlOps.Specs.Checks.PositiveLabelCheck.UnknownFavourableLabel;
    /// <summary>Before training: fewer than two groups of the validation data are large enough to compare.</summary>
    public const string TooFewGroups = "MLOPS608";
}
