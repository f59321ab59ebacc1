using MlOps.Contracts.Diagnostics;

namespace MlOps.Specs.Model;

public sealed record TrainingSpec
{
    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 32;
    public OptimizerSpec Optimizer { get; init; } = new();
    /// <summary>Parameter-name glob → learning rate (discriminative learning rates), first match wins.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> LayerLr { get; init; } = [];
    /// <summary>Parameter-name globs whose parameters never change.</summary>
    public IReadOnlyList<string> Freeze { get; init; } = [];
    public ScheduleSpec Schedule { get; init; } = new();
    /// <summary>Max global gradient norm; null disables clipping.</summary>
    public double? GradClip { get; init; }
    public int GradientAccumulation { get; init; } = 1;
    public EarlyStoppingSpec? EarlyStopping { get; init; }
    public double? MaxMinutes { get; init; }
    /// <summary>Torch intra-op threads; null uses the machine's core count.</summary>
    public int? Threads { get; init; }
    /// <summary>What the loop minimises: a classifier's cross-entropy, or masked-language-model pretraining.</summary>
    public TrainingObjective Objective { get; init; } = TrainingObjective.Classification;
    /// <summary>masked_lm: the share of tokens masked per sequence (BERT: 0.15).</summary>
    public double MaskProbability { get; init; } = 0.15;
    public SourceLocation? ObjectiveLocation { get; init; }
    /// <summary>causal_lm: tokens per training sequence (prompt + completion, or a block of text); null: 512.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? MaxLength { get; init; }

    /// <summary>causal_lm: also learn the prompt's tokens (true), not only the completion's; null: false.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? TrainOnPrompt { get; init; }

    /// <summary>causal_lm: pack whole examples into max_length rows, each isolated (its own attention and positions); null: false (one example per row).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? Packing { get; init; }

    /// <summary>The causal-LM sequence length in force (<see cref="MaxLength"/> or its default).</summary>
    public int SequenceLength => MaxLength ?? DefaultSequenceLength;

    public const int DefaultSequenceLength = 512;

    /// <summary>Compute type of the forward and backward passes; master weights and optimiser state stay fp32.</summary>
    public Precision Precision { get; init; } = Precision.Fp32;

    /// <summary>
    /// training.repeats: train this many runs that differ only in seed (seed, seed + 1, …); null: one run.
    /// Left out of the fingerprint when unset, so specs without it keep their fingerprints.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? Repeats { get; init; }

    /// <summary>training.seeds: the seeds of the repeats, written out; null: from <see cref="Repeats"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<int>? Seeds { get; init; }

    /// <summary>The seed of every run the spec asks for: <see cref="Seeds"/>, else <paramref name="seed"/> … seed + repeats − 1.</summary>
    public IReadOnlyList<int> RunSeeds(int seed) =>
        Seeds ?? [.. Enumerable.Range(0, Repeats ?? 1).Select(i => seed + i)];
}

public enum Precision
{
    Fp32,
    /// <summary>bfloat16 weights and activations (GPUs with bf16 support); loss and optimiser in fp32.</summary>
    Bf16,
}

public enum TrainingObjective { Classification, MaskedLm, CausalLm }

public enum OptimizerType { AdamW, Sgd }

public sealed record OptimizerSpec
{
    public OptimizerType Type { get; init; } = OptimizerType.AdamW;
    public double Lr { get; init; } = 1e-3;
    public double WeightDecay { get; init; } = 0.01;
    public double Momentum { get; init; } = 0.9;
    public SourceLocation? LrLocation { get; init; }
}

public enum ScheduleType { Constant, Linear, Cosine }

public sealed record ScheduleSpec
{
    public ScheduleType Type { get; init; } = ScheduleType.Constant;
    public double WarmupRatio { get; init; }
}

public sealed record EarlyStoppingSpec
{
    public string Metric { get; init; } = "val_loss";
    public int Patience { get; init; } = 3;
    public double MinDelta { get; init; }
    public bool RestoreBest { get; init; } = true;
}
