using MlOps.Contracts.Diagnostics;

namespace MlOps.Specs.Model;

public sealed record EvaluationSpec
{
    public IReadOnlyList<string> Metrics { get; init; } = ["accuracy", "macro_f1", "log_loss"];
    /// <summary>The class that counts as "positive" for binary and fairness metrics.</summary>
    public string? PositiveLabel { get; init; }
    /// <summary>Where positive_label's value is written. Not part of the resolved spec.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public SourceLocation? PositiveLabelLocation { get; init; }
    /// <summary>Where evaluation.metrics is written. Not part of the resolved spec.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public SourceLocation? MetricsLocation { get; init; }
    public ForgettingSpec? Forgetting { get; init; }
    public BootstrapSpec? Bootstrap { get; init; }
    /// <summary>causal_lm: generate on the validation (and test) prompts and score the text; null: no generation.</summary>
    public GenerationSpec? Generation { get; init; }
}

/// <summary>
/// The original task's data, to measure what fine-tuning made the model forget; with
/// <see cref="PlainText"/> (causal_lm's `text:`) a general text file, scored by perplexity.
/// </summary>
public sealed record ForgettingSpec
{
    public required string Data { get; init; }
    /// <summary>`text:` — <see cref="Data"/> is plain text for a language model, not a classifier's evaluation data.</summary>
    public bool PlainText { get; init; }
    public string? Labels { get; init; }
    public string Metric { get; init; } = "accuracy";
    public SourceLocation? Location { get; init; }
}

public sealed record BootstrapSpec
{
    public int Samples { get; init; } = 1000;
    public double Confidence { get; init; } = 0.95;
}

/// <summary>
/// evaluation.generation: how a causal-LM run continues its validation prompts to score exact_match,
/// token_f1 and rouge_l (the base model, when there is a checkpoint, on the same prompts as baseline).
/// Greedy unless <see cref="Sampling"/> is set.
/// </summary>
public sealed record GenerationSpec
{
    public int MaxNewTokens { get; init; } = 32;
    public GenerationSamplingSpec? Sampling { get; init; }
    /// <summary>Rows of the report's prompt / base output / fine-tuned output table.</summary>
    public int Examples { get; init; } = 5;
    [System.Text.Json.Serialization.JsonIgnore]
    public SourceLocation? Location { get; init; }
}

/// <summary>Seeded sampling: temperature, then top-k, then top-p, as transformers applies them.</summary>
public sealed record GenerationSamplingSpec
{
    /// <summary>Null: the spec's seed.</summary>
    public long? Seed { get; init; }
    public double Temperature { get; init; } = 1.0;
    public int TopK { get; init; }
    public double TopP { get; init; } = 1.0;
}
