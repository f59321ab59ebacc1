using MlOps.Contracts.Results;
using MlOps.Specs.Model;

namespace MlOps.Core.Gates;

/// <summary>
/// The run half of a gate kind: turns one gate entry of that kind into results. Its spec half
/// (MlOps.Specs.Gates.GateKindDefinition: keys, binding, pinned settings) is registered under the same <see cref="Kind"/>.
/// </summary>
public abstract class GateKindEvaluator
{
    public abstract GateKind Kind { get; }

    /// <summary>One result per condition of <paramref name="gate"/>; a missing input is a failed result saying so, never an exception.</summary>
    public abstract IEnumerable<GateResult> Evaluate(GateInputs inputs, GateSpec gate);
}
