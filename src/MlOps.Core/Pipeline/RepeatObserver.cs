using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;

namespace MlOps.Core.Pipeline;

/// <summary>
/// What one repeat of a repeated run (or one trial of a sweep) shows: its progress and messages,
/// named by <paramref name="label"/> (<c>seed 3</c>, <c>trial-02</c>); each diagnostic once (every
/// run reads the same data); never its own gates, which are not the verdict (the repeats'
/// statistics are; a sweep's is the winner's, announced once).
/// </summary>
internal sealed class RepeatObserver(IRunObserver inner, HashSet<string> shownDiagnostics, string label) : IRunObserver
{
    public void OnDiagnostic(Diagnostic diagnostic)
    {
        if (shownDiagnostics.Add(diagnostic.ToString()))
        {
            inner.OnDiagnostic(diagnostic);
        }
    }

    public void OnStage(string stage) => inner.OnStage($"{stage} ({label})");

    public void OnGate(GateResult gate)
    {
    }

    public void OnStart(int firstEpoch, int epochs, long batchesPerEpoch) => inner.OnStart(firstEpoch, epochs, batchesPerEpoch);

    public void OnBatch(int epoch, long batch, long batchesPerEpoch, double loss, double learningRate) =>
        inner.OnBatch(epoch, batch, batchesPerEpoch, loss, learningRate);

    public void OnEpoch(EpochRecord record, int epochs, TimeSpan eta) => inner.OnEpoch(record, epochs, eta);

    public void OnMessage(string message) => inner.OnMessage($"{label}: {message}");
}
