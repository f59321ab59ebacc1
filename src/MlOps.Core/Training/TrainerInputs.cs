using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Models;
using MlOps.Specs.Model;
using static TorchSharp.torch;

namespace MlOps.Core.Training;

/// <summary>What one training run needs; built by the pipeline.</summary>
public sealed record TrainerInputs
{
    public required nn.Module<Tensor, Tensor> Model { get; init; }
    public required ISplitBatches Train { get; init; }
    public required TrainingSpec Spec { get; init; }
    public required int Seed { get; init; }
    /// <summary>Stored in checkpoints: a resume must continue the same spec, data and version.</summary>
    public required string Fingerprint { get; init; }
    public required TrainingCheckpoint Checkpoint { get; init; }
    public bool Resume { get; init; }
    /// <summary>Validation metrics after each epoch, keyed <c>val_loss</c>, <c>val_accuracy</c>, …</summary>
    public required Func<nn.Module<Tensor, Tensor>, IReadOnlyDictionary<string, double>> EvaluateValidation { get; init; }
    /// <summary>Where errors about training settings point (the spec's training section).</summary>
    public required SourceLocation Location { get; init; }
    public ITrainingObserver Observer { get; init; } = NullTrainingObserver.Instance;
    /// <summary>How a batch becomes a loss: classification unless the spec pretrains with masked_lm.</summary>
    public Objectives.ITrainingObjective Objective { get; init; } = Objectives.ClassificationObjective.Instance;
    /// <summary>With an adapter: the parameter names that may train (adapter and head); null: all.</summary>
    public Func<string, bool>? Trainable { get; init; }
    /// <summary>Text data: each training row's token count; batches are then length-bucketed (<see cref="EpochOrder.For"/>).</summary>
    public IReadOnlyList<int>? Lengths { get; init; }
}

/// <summary>How training went.</summary>
public sealed record TrainingOutcome(
    IReadOnlyList<EpochRecord> History,
    int BestEpoch,
    StopReason StopReason,
    bool Resumed,
    ParameterPlan Plan,
    double TrainingSeconds);
