using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Evaluation;
using MlOps.Specs.Model;

namespace MlOps.Core.Gates;

/// <summary>
/// Failed gates as diagnostics on their spec lines (<c>spec.yaml(31,5): error MLOPS511: accuracy 0.874 &lt; min 0.900 (short by 0.026)</c>),
/// so MSBuild, IDEs and GitHub annotations point at the gate that blocked the merge.
/// </summary>
public static class GateDiagnostics
{
    public static IReadOnlyList<Diagnostic> From(IEnumerable<GateResult> results) =>
        [.. results.Where(r => !r.Passed).Select(r => r.Severity == Severity.Error
            ? Diagnostic.Error(GateErrorCodes.GateFailed, $"gate '{r.Name}' failed: {r.Message}", r.Location)
            : Diagnostic.Warning(GateErrorCodes.GateWarning, $"gate '{r.Name}' failed (warning only): {r.Message}", r.Location))];
}
