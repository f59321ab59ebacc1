using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Specs.Model;

namespace MlOps.Core.Gates;

/// <summary>The run's verdict from its gates: failed iff an error-severity gate failed; warnings never fail it.</summary>
public static class GateVerdict
{
    public const RunVerdict Passed = RunVerdict.Passed;
    public const RunVerdict Failed = RunVerdict.Failed;

    public static bool HasFailed(IEnumerable<GateResult> results) =>
        results.Any(r => !r.Passed && r.Severity == Severity.Error);

    public static RunVerdict Of(IEnumerable<GateResult> results) => HasFailed(results) ? Failed : Passed;
}
