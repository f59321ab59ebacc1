using MlOps.Core.Gates;
using MlOps.Core.Training;

namespace MlOps.Core.Pipeline;

/// <summary>What every step of one run shares besides the <see cref="RunContext"/>: how it was asked for and where it reports.</summary>
internal sealed record RunSession(
    RunRequest Request,
    GatePolicy? Policy,
    RunTracking Tracking,
    TrainingCheckpoint Checkpoint,
    DateTimeOffset Started,
    IRunObserver Observer,
    CancellationToken Cancel);
