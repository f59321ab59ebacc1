using System.Text.Json.Serialization;

namespace MlOps.Contracts.Results;

/// <summary>
/// result.json: the public, versioned contract of one run (docs/result-json.md). The Action, the
/// MSBuild task and users' scripts read it; add fields, never rename or remove them within a
/// schema version.
/// </summary>
public sealed record RunResult
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required string ToolVersion { get; init; }
    public required SpecInfo Spec { get; init; }
    public required RunVerdict Verdict { get; init; }
    public required string Device { get; init; }
    public int Threads { get; init; }
    public required Timings Timings { get; init; }
    public IReadOnlyList<DatasetRecord> Datasets { get; init; } = [];
    public required ModelInfo Model { get; init; }
    public required TrainingSummary Training { get; init; }
    /// <summary>split (train, validation, forgetting) → metric → value.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Metrics { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, double>>();
    /// <summary>Metrics of the base model (baseline), per split; empty when not evaluated.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Baseline { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, double>>();
    /// <summary>Validation metrics of the champion model version, when one was found.</summary>
    public ChampionInfo? Champion { get; init; }
    public IReadOnlyList<string> Classes { get; init; } = [];
    /// <summary>Rows: true class, columns: predicted class (validation split).</summary>
    public IReadOnlyList<IReadOnlyList<int>> ConfusionMatrix { get; init; } = [];
    public IReadOnlyList<GateResult> Gates { get; init; } = [];
    public IReadOnlyList<FairnessResult> Fairness { get; init; } = [];
    /// <summary>The git ref whose spec supplied the gate thresholds (gate-policy: base); null: the spec's own.</summary>
    public string? GatePolicyRef { get; init; }
    /// <summary>Gate and bias settings the spec changed against <see cref="GatePolicyRef"/>; the base values were applied.</summary>
    public IReadOnlyList<ThresholdChange> ThresholdChanges { get; init; } = [];
    public IReadOnlyList<string> Advice { get; init; } = [];
    /// <summary>
    /// The split the gates, fairness and the baseline comparison read: "test" when the data has a test
    /// split, else "validation" (the split that also chose the kept epoch, so its numbers are optimistic).
    /// </summary>
    public string GatedOnSplit { get; init; } = "validation";
    public required OutputPaths Outputs { get; init; }
    public TrackingInfo? Tracking { get; init; }
    /// <summary>Compute type of training: fp32 | bf16.</summary>
    public string Precision { get; init; } = "fp32";
    /// <summary>The LoRA adapter that trained, when the spec has one.</summary>
    public AdapterInfo? Adapter { get; init; }
    /// <summary>
    /// training.repeats: every repeat and each metric's spread over them. Then <see cref="Metrics"/> and
    /// <see cref="Baseline"/> hold the means, and the model, history and confusion matrix are the kept repeat's.
    /// </summary>
    public RepeatsSummary? Repeats { get; init; }
    /// <summary>
    /// sweep: every trial and the winner. Then the model, metrics, gates and verdict are the winner's,
    /// gated on the validation split that chose it (see <see cref="SweepSummary.GatedOn"/>).
    /// </summary>
    public SweepSummary? Sweep { get; init; }
    /// <summary>export: { onnx: true }: the exported folder and ONNX Runtime's parity with TorchSharp; null when nothing was exported.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OnnxExportInfo? Export { get; init; }
    /// <summary>causal_lm with evaluation.generation: the first validation rows' prompt, reference, base output and output (report table).</summary>
    public IReadOnlyList<GenerationExample> GenerationExamples { get; init; } = [];
}

public sealed record SpecInfo(string Name, string Path, string Fingerprint);

public sealed record Timings(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, double TrainingSeconds, double EvaluationSeconds);

public sealed record DatasetRecord(
    string Name,
    /// <summary>training | validation | forgetting</summary>
    string Context,
    string Path,
    string Sha256,
    int Rows,
    int Columns,
    IReadOnlyDictionary<string, int> ClassCounts);

public sealed record ModelInfo(string Architecture, string? BaseCheckpoint, string? BaseCheckpointSha256, long Parameters, long TrainableParameters, IReadOnlyList<string> Frozen)
{
    /// <summary>Where the base weights came from (file, folder or Hub snapshot) with each file's digest; null without a checkpoint.</summary>
    public BaseCheckpointSource? BaseSource { get; init; }

    /// <summary>TrainableParameters / Parameters (0 – 1): small with an adapter.</summary>
    public double TrainableShare => Parameters == 0 ? 0 : TrainableParameters / (double)Parameters;
}

/// <summary>An adapter as trained: kind, rank, scale numerator, dropout, the wrapped modules (our names), merged or not.</summary>
public sealed record AdapterInfo(string Type, int R, double Alpha, double Dropout, IReadOnlyList<string> Modules, bool Merged);

public sealed record EpochRecord(int Epoch, long Step, double TrainLoss, double ValLoss, double LearningRate, double Seconds, IReadOnlyDictionary<string, double> Metrics);

public sealed record TrainingSummary(
    int EpochsPlanned,
    int EpochsRun,
    int BestEpoch,
    StopReason StopReason,
    bool Resumed,
    IReadOnlyList<EpochRecord> History)
{
    /// <summary>Rows the model trained and was validated on (after dropping rows with missing values).</summary>
    public int TrainRows { get; init; }

    public int ValidationRows { get; init; }
    /// <summary>Rows of the test split; 0 without one.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public int TestRows { get; init; }
}

public sealed record ChampionInfo(string Alias, string ModelName, string Version, string RunId, IReadOnlyDictionary<string, double> Metrics);

public sealed record OutputPaths(string Directory, string Model, string ResolvedSpec, string History, string? Report, string? Junit, IReadOnlyList<string> Plots)
{
    /// <summary>The PEFT adapter folder (adapter_model.safetensors, adapter_config.json), when an adapter trained.</summary>
    public string? Adapter { get; init; }
    /// <summary>predictions.csv: every validation row's true and predicted label, probabilities and sensitive groups; absent when the run makes no class predictions.</summary>
    public string? Predictions { get; init; }
    /// <summary>README.md: the model card in the Hugging Face format.</summary>
    public string? ModelCard { get; init; }
}

public sealed record TrackingInfo(string Uri, string ExperimentId, string RunId, string? RunUrl, bool Outboxed, string? RegisteredVersion);

/// <summary>JSON options shared by everything that reads or writes result.json.</summary>
public static class RunResultJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // "severity": "error", not 1: the file is read by scripts in other languages.
        // Undefined numbers are null, never "NaN" (docs/result-json.md).
        Converters = { new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.SnakeCaseLower), new FiniteOrNullConverter() },
    };
}

/// <summary>One validation row as generated: its data line, the prompt text, the reference completion, the base model's output (null without a base checkpoint) and the fine-tuned model's.</summary>
public sealed record GenerationExample(int Line, string Prompt, string Reference, string? BaseOutput, string Output);
