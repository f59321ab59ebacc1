using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Gates;
using MlOps.Core.Training;

namespace MlOps.Core.Pipeline;

/// <summary>Everything a front end shows while a run goes: training progress, diagnostics, stages, gates.</summary>
public interface IRunObserver : ITrainingObserver
{
    void OnDiagnostic(Diagnostic diagnostic);

    /// <summary>A named stage begins: loading data, training, evaluating, tracking…</summary>
    void OnStage(string stage);

    void OnGate(GateResult gate);
}
