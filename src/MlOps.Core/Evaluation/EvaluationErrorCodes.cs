namespace MlOps.Core.Evaluation;

/// <summary>Stable diagnostic codes of evaluation and gates (MLOPS500–599).</summary>
public static class EvaluationErrorCodes
{
    /// <summary>Predictions whose labels, probabilities and groups disagree in shape.</summary>
    public const string InconsistentPredictions = "MLOPS501";
    /// <summary>A metric name the evaluator does not know.</summary>
    public const string UnknownMetric = "MLOPS502";
    /// <summary>evaluation.positive_label is not one of the classes.</summary>
    public const string UnknownPositiveLabel = MlOps.Specs.Checks.PositiveLabelCheck.UnknownPositiveLabel;
    /// <summary>A binary metric (precision/recall/f1, fairness) on a multi-class task without evaluation.positive_label.</summary>
    public const string PositiveLabelRequired = MlOps.Specs.Checks.PositiveLabelCheck.PositiveLabelRequired;
    /// <summary>A gate names a metric that was not computed for the split it reads.</summary>
    public const string GateMetricMissing = "MLOPS510";
    // MLOPS511 and MLOPS512 (a failed gate) are GateErrorCodes: MSBuild reports them too.
    /// <summary>--gate-policy-ref: git could not read the spec at that ref (unknown ref, not a git repository, git missing).</summary>
    public const string GatePolicyRefUnreadable = "MLOPS530";
    /// <summary>--gate-policy-ref: the spec as it is at that ref does not validate, so its gates cannot be used.</summary>
    public const string GatePolicySpecInvalid = "MLOPS531";
    /// <summary>sweep: `--trial` names no trial of the sweep, or `mlops run --trial` / `mlops plan` on a spec without `sweep:`.</summary>
    public const string SweepTrialUnknown = "MLOPS540";
    /// <summary>sweep: no trial computed the sweep's metric on validation, or `mlops aggregate --from` lacks a planned trial's result.json.</summary>
    public const string SweepResultsIncomplete = "MLOPS541";
}
