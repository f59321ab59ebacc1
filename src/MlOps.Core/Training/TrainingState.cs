using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;

namespace MlOps.Core.Training;

/// <summary>
/// Everything besides tensors that a resumed run needs to continue exactly where it stopped.
/// Saved as state.json in the checkpoint folder.
/// </summary>
public sealed record TrainingState
{
    public required string Fingerprint { get; init; }
    /// <summary>Epoch in progress (1-based) and the next batch to run in it.</summary>
    public int Epoch { get; init; } = 1;
    public long NextBatch { get; init; }
    /// <summary>Optimiser steps taken so far (drives the schedule).</summary>
    public long Step { get; init; }
    /// <summary>Running sums of the epoch in progress.</summary>
    public double EpochLossSum { get; init; }
    public long EpochRows { get; init; }
    public double? BestValue { get; init; }
    public int BestEpoch { get; init; }
    public int EpochsWithoutImprovement { get; init; }
    public double TrainingSeconds { get; init; }
    public IReadOnlyList<EpochRecord> History { get; init; } = [];
}
