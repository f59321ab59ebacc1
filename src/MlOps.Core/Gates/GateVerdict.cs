using MlOps.Contracts.Results;
using MlOps.Specs.Model;

namespace MlOps.Core.Gates;

/// <summary>The run's verdict from its gates: failed iff an error-severity gate failed; warnings never fail it.</summary>
public static class GateVerdict
{
    public const string Passed = "passed";
    public const string Failed = "failed";

    public static bool HasFailed(IEnumerable<GateResult> results) =>
        results.Any(r => !r.Passed && r.Severity == Severity.Error);

    public static string Of(IEnumerable<GateResult> results) => HasFailed(results) ? Failed : Passed;
}
