using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;

namespace MlOps.Core.Pipeline;

/// <summary>
/// What one repeat of a repeated run shows: its progress and messages, named by seed; each diagnostic
/// once (every repeat reads the same data); never its own gates, which are not the verdict (the
/// repeats' statistics are).
/// </summary>
internal sealed class RepeatObserver(IRunObserver inner, HashSet<string> shownDiagnostics, int seed) : IRunObserver
{
    public void OnDiagnostic(Diagnostic diagnostic)
    {
        if (shownDiagnostics.Add(diagnostic.ToString()))
        {
            inner.OnDiagnostic(diagnostic);
        }
    }

    public void OnStage(string stage) => inner.OnStage($"{stage} (seed {seed})");

    public void OnGate(GateResult gate)
    {
    }

    public void OnStart(int firstEpoch, int epochs, long batchesPerEpoch) => inner.OnStart(firstEpoch, epochs, batchesPerEpoch);

    public void OnBatch(int epoch, long batch, long batchesPerEpoch, double loss, double learningRate) =>
        inner.OnBatch(epoch, batch, batchesPerEpoch, loss, learningRate);

    public void OnEpoch(EpochRecord record, int epochs, TimeSpan eta) => inner.OnEpoch(record, epochs, eta);

    public void OnMessage(string message) => inner.OnMessage($"seed {seed}: {message}");
}
