using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Gates;
using MlOps.Core.Pipeline;

namespace MlOps.Core.Tests.Pipeline;

internal sealed class RecordingObserver : IRunObserver
{
    public List<Diagnostic> Diagnostics { get; } = [];

    public List<GateResult> Gates { get; } = [];

    public List<string> Messages { get; } = [];

    public List<EpochRecord> Epochs { get; } = [];

    public Action<int, long>? OnBatchHook { get; init; }

    public void OnBatch(int epoch, long batch, long batchesPerEpoch, double loss, double learningRate) => OnBatchHook?.Invoke(epoch, batch);

    public void OnDiagnostic(Diagnostic diagnostic) => Diagnostics.Add(diagnostic);

    public void OnEpoch(EpochRecord record, int epochs, TimeSpan eta) => Epochs.Add(record);

    public void OnGate(GateResult gate) => Gates.Add(gate);

    public void OnMessage(string message) => Messages.Add(message);

    public void OnStage(string stage) { }

    public void OnStart(int firstEpoch, int epochs, long batchesPerEpoch) { }
}
