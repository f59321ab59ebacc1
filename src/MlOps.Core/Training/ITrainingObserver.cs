using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;

namespace MlOps.Core.Training;

/// <summary>What the loop reports as it goes: front ends turn it into a progress bar, lines or JSON events.</summary>
public interface ITrainingObserver
{
    void OnStart(int firstEpoch, int epochs, long batchesPerEpoch);

    void OnBatch(int epoch, long batch, long batchesPerEpoch, double loss, double learningRate);

    void OnEpoch(EpochRecord record, int epochs, TimeSpan eta);

    void OnMessage(string message);
}

/// <summary>For callers that do not watch.</summary>
public sealed class NullTrainingObserver : ITrainingObserver
{
    public static readonly NullTrainingObserver Instance = new();

    public void OnStart(int firstEpoch, int epochs, long batchesPerEpoch) { }

    public void OnBatch(int epoch, long batch, long batchesPerEpoch, double loss, double learningRate) { }

    public void OnEpoch(EpochRecord record, int epochs, TimeSpan eta) { }

    public void OnMessage(string message) { }
}
