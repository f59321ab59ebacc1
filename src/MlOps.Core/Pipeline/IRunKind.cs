using MlOps.Contracts.Results;
using MlOps.Core.Training;
using static TorchSharp.torch;

namespace MlOps.Core.Pipeline;

/// <summary>
/// What differs between the kinds of run (fine-tuning a classifier, masked-LM pretraining); the
/// steps they share are <see cref="RunSkeleton"/>'s. Owns its model (built and loaded with the base weights).
/// </summary>
internal interface IRunKind : IDisposable
{
    nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>Reads the base weights into the model (after construction, so a failure here still disposes it).</summary>
    void LoadBase(IRunObserver observer);

    /// <summary>Adds the kind's objective or trainable-parameter filter to the loop's inputs.</summary>
    TrainerInputs ForTraining(TrainerInputs inputs);

    RunEvaluation Evaluate(ISplitBatches train, ISplitBatches validation, ISplitBatches? test);

    /// <summary>Writes the trained model into the output folder.</summary>
    SavedModel Save();
}

/// <summary>What the result says about a saved model beyond its path: the adapter that trained, if any.</summary>
internal sealed record SavedModel(AdapterInfo? Adapter, string? AdapterFolder)
{
    public static readonly SavedModel Plain = new(null, null);
}
