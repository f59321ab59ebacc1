
namespace MlOps.Contracts.Metrics;

/// <summary>
/// Every metric name a spec may use (scikit-learn's definitions), shared by the spec validator,
/// the evaluator and the gates so that a name is either computed or rejected up front.
/// </summary>
public static class MetricNames
{
    public const string Accuracy = "accuracy";
    public const string BalancedAccuracy = "balanced_accuracy";
    public const string MacroPrecision = "macro_precision";
    public const string MacroRecall = "macro_recall";
    public const string MacroF1 = "macro_f1";
    public const string WeightedPrecision = "weighted_precision";
    public const string WeightedRecall = "weighted_recall";
    public const string WeightedF1 = "weighted_f1";
    /// <summary>Binary: of the positive label (evaluation.positive_label).</summary>
    public const string Precision = "precision";
    public const string Recall = "recall";
    public const string F1 = "f1";
    public const string LogLoss = "log_loss";
    /// <summary>Binary ROC AUC; one-vs-rest macro average for multi-class.</summary>
    public const string RocAuc = "roc_auc";
    /// <summary>Mean cross-entropy of the training objective (what the loop minimises).</summary>
    public const string Loss = "loss";

    public static readonly IReadOnlyList<string> Classification =
    [
        Accuracy, BalancedAccuracy, MacroPrecision, MacroRecall, MacroF1,
        WeightedPrecision, WeightedRecall, WeightedF1, Precision, Recall, F1, LogLoss, RocAuc, Loss,
    ];

    /// <summary>Masked-language-model pretraining (training.objective: masked_lm), on the masked tokens only.</summary>
    public static readonly IReadOnlyList<string> MaskedLm = [MaskedAccuracy, MaskedLmLoss, Perplexity];

    public const string MaskedAccuracy = "masked_accuracy";
    public const string MaskedLmLoss = "masked_lm_loss";
    /// <summary>exp(masked_lm_loss).</summary>
    public const string Perplexity = "perplexity";

    /// <summary>
    /// Causal-language-model training (training.objective: causal_lm), on the completion tokens: loss is the
    /// token-mean next-token cross-entropy, perplexity its exp.
    /// </summary>
    public static readonly IReadOnlyList<string> CausalLm = [Loss, Perplexity];

    /// <summary>
    /// Generated text against the reference completion (causal_lm with evaluation.generation), each a mean
    /// over the rows in [0, 1]: SQuAD's exact match and token F1, rouge-score's ROUGE-L F-measure.
    /// </summary>
    public static readonly IReadOnlyList<string> Generation = [ExactMatch, TokenF1, RougeL];

    public const string ExactMatch = "exact_match";
    public const string TokenF1 = "token_f1";
    public const string RougeL = "rouge_l";

    /// <summary>
    /// causal_lm bias entries with counterfactual prompts: the largest minus the smallest group mean of
    /// the reference completion's log-probability, or of exact match with the generated text.
    /// </summary>
    public static readonly IReadOnlyList<string> CounterfactualFairness = [LogProbabilityGap, ExactMatchGap];

    public const string LogProbabilityGap = "log_probability_gap";
    public const string ExactMatchGap = "exact_match_gap";

    /// <summary>Every metric a spec may name; which family applies depends on training.objective.</summary>
    public static readonly IReadOnlyList<string> Known = [.. Classification, .. MaskedLm, .. Generation];

    /// <summary>Regression metrics (computed by the evaluator; no regression training yet).</summary>
    public static readonly IReadOnlyList<string> Regression = ["mae", "rmse", "r2"];

    /// <summary>Fairlearn's metrics plus disparate impact.</summary>
    public static readonly IReadOnlyList<string> Fairness =
    [
        "demographic_parity_difference", "demographic_parity_ratio",
        "equalized_odds_difference", "equalized_odds_ratio",
        "equal_opportunity_difference", "equal_opportunity_ratio",
        "disparate_impact",
    ];

    /// <summary>Lower is better for losses and errors; everything else is higher-is-better.</summary>
    public static bool GreaterIsBetter(string metric) =>
        metric is not (LogLoss or Loss or Perplexity or "mae" or "rmse") && !metric.EndsWith("_loss", StringComparison.Ordinal);

    /// <summary>Early stopping monitors `val_loss`, `train_loss` or `val_&lt;metric&gt;`.</summary>
    public static bool IsMonitorable(string name) =>
        name is "val_loss" or "train_loss"
        || (name.StartsWith("val_", StringComparison.Ordinal) && Known.Contains(name[4..]));
}
