namespace MlOps.Contracts.Results;

/// <summary>
/// A sweep (spec `sweep:`): every trial with its parameter values, its validation value of the sweep's
/// metric and its own verdict, and the winner, whose model, metrics, gates and verdict are the run's.
/// </summary>
public sealed record SweepSummary
{
    /// <summary>grid or random.</summary>
    public required string Method { get; init; }

    /// <summary>The validation metric the winner was picked by.</summary>
    public required string Metric { get; init; }

    /// <summary>True when higher values of <see cref="Metric"/> are better (losses: false).</summary>
    public required bool GreaterIsBetter { get; init; }

    public required IReadOnlyList<SweepTrialRecord> Trials { get; init; }

    /// <summary>The winning trial's id.</summary>
    public required string Winner { get; init; }

    /// <summary>The split the gates read: <c>test</c> when the spec has one, else the validation split that also chose the winner.</summary>
    public required string GatedOn { get; init; }
}

/// <summary>One trial: id, parameter path → value, its validation value of the sweep's metric (null: not computed), verdict, folder and tracked run.</summary>
public sealed record SweepTrialRecord(string Id, IReadOnlyDictionary<string, double> Parameters, double? Metric, RunVerdict Verdict, string Directory, string? RunId);
