namespace MlOps.Contracts.Results;

/// <summary>
/// A spec trained several times, differing only in seed (training.repeats / training.seeds): each
/// repeat, the spread of every metric, and which repeat's model was kept (the one closest to the mean).
/// </summary>
public sealed record RepeatsSummary
{
    public required IReadOnlyList<RepeatRecord> Runs { get; init; }

    /// <summary>The seed of the kept repeat: its model is the run's model (and the registered one).</summary>
    public required int KeptSeed { get; init; }

    /// <summary>The validation metric whose mean the kept repeat is closest to.</summary>
    public required string KeptBy { get; init; }

    /// <summary>Confidence of the t-interval (0.95).</summary>
    public required double Confidence { get; init; }

    /// <summary>split → metric → spread over the repeats, of the fine-tuned model.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, MetricSpread>> Metrics { get; init; }

    /// <summary>split → metric → spread of the baseline (its linear probe is seeded too); empty without one.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, MetricSpread>> Baseline { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, MetricSpread>>();
}

/// <summary>One repeat: its seed, output folder, own verdict and tracked run.</summary>
public sealed record RepeatRecord(int Seed, string Directory, RunVerdict Verdict, string? RunId);

/// <summary>
/// A metric over the repeats, in repeat order: mean, sample standard deviation (n − 1), min, max and
/// the t-interval of the mean, mean ± t(1 − (1 − c)/2, n − 1)·std/√n (null with one repeat).
/// </summary>
public sealed record MetricSpread(IReadOnlyList<double> Values, double Mean, double Std, double Min, double Max, double? Lower, double? Upper);
