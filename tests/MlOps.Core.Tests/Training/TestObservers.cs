using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Core.Training;

namespace MlOps.Core.Tests.Training;

internal class CountingObserver : ITrainingObserver
{
    public int Batches { get; private set; }

    public virtual void OnBatch(int epoch, long batch, long batchesPerEpoch, double loss, double learningRate) => Batches++;

    public void OnEpoch(EpochRecord record, int epochs, TimeSpan eta) { }

    public virtual void OnMessage(string message) { }

    public void OnStart(int firstEpoch, int epochs, long batchesPerEpoch) { }
}

/// <summary>Dies like a killed process: no chance to save anything.</summary>
internal sealed class CrashingObserver(int epoch, int batch) : CountingObserver
{
    public override void OnBatch(int e, long b, long batchesPerEpoch, double loss, double learningRate)
    {
        if (e == epoch && b == batch)
        {
            throw new InvalidOperationException("killed");
        }
    }
}

/// <summary>Presses Ctrl+C at a given batch.</summary>
internal sealed class CancellingObserver(CancellationTokenSource cancel, int epoch, int batch) : CountingObserver
{
    public override void OnBatch(int e, long b, long batchesPerEpoch, double loss, double learningRate)
    {
        if (e == epoch && b == batch)
        {
            cancel.Cancel();
        }
    }
}

internal sealed class MessageObserver : CountingObserver
{
    public List<string> Messages { get; } = [];

    public override void OnMessage(string message) => Messages.Add(message);
}
