using MlOps.Contracts.Results;
using MlOps.Core.Evaluation;
using MlOps.Core.Fairness;

namespace MlOps.Core.Gates;

/// <summary>Everything the gates compare: the run's metrics and the values it is judged against.</summary>
public sealed record GateInputs
{
    /// <summary>split (<see cref="Pipeline.MetricSplit"/>'s keys) → metric → value of the fine-tuned model.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Metrics { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, double>>();

    /// <summary>split → metric → value of the base model (the baseline); empty when not evaluated.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Baseline { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, double>>();

    /// <summary>Validation metrics of the current champion; null when the registry has none yet.</summary>
    public IReadOnlyDictionary<string, double>? Champion { get; init; }

    /// <summary>metric → (base model, fine-tuned model) on the original task; null when not measured.</summary>
    public IReadOnlyDictionary<string, ForgettingMeasurement>? Forgetting { get; init; }

    /// <summary>Per-example predictions of the model and the baseline, for gates with <c>significance</c>; null when not kept.</summary>
    public PairedPredictions? Paired { get; init; }

    /// <summary>training.repeats: every metric's spread over the repeats, read by each gate's statistic; null for one run.</summary>
    public RepeatedRuns? Repeats { get; init; }

    /// <summary>The split the fairness results were measured on (test when there is one, else validation).</summary>
    public string FairnessSplit { get; init; } = MetricSplit.Validation.Key();

    /// <summary>One result per bias entry (matched by attribute and metric).</summary>
    public IReadOnlyList<FairnessResult> Fairness { get; init; } = [];

    /// <summary>The ONNX export and its parity with the trained model; null when the run exported nothing.</summary>
    public OnnxExportInfo? Export { get; init; }
}

/// <summary>A metric of the original task before (base model) and after fine-tuning.</summary>
public sealed record ForgettingMeasurement(double BaseValue, double FineTunedValue);

/// <summary>
/// split → predictions of the fine-tuned model and of the baseline on the same examples, and how the
/// paired bootstrap draws (the spec's seed, evaluation.bootstrap.samples or 1000).
/// </summary>
public sealed record PairedPredictions(
    IReadOnlyDictionary<string, Predictions> Model,
    IReadOnlyDictionary<string, Predictions> Baseline,
    int Seed,
    int Samples,
    string? PositiveLabel)
{
    /// <summary>split → the champion's predictions of the same examples; null when not scored (see <see cref="ChampionMissing"/>).</summary>
    public IReadOnlyDictionary<string, Predictions>? Champion { get; init; }

    /// <summary>Why the champion could not be scored, for the gate's message.</summary>
    public string? ChampionMissing { get; init; }
}

/// <summary>
/// Repeated runs as the gates see them: the spreads of the model's and the baseline's metrics, and
/// the kept repeat (closest to the mean), whose own results stand for what only one model can answer
/// (significance on its predictions).
/// </summary>
public sealed record RepeatedRuns(
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, MlOps.Contracts.Results.MetricSpread>> Metrics,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, MlOps.Contracts.Results.MetricSpread>> Baseline,
    int Runs,
    int KeptSeed,
    IReadOnlyList<GateResult> KeptGates);
