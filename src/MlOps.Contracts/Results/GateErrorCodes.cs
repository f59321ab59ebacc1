namespace MlOps.Contracts.Results;

/// <summary>
/// The codes a failed <see cref="GateResult"/> is reported with (MLOPS5xx, evaluation and gates): by
/// the runner's events, junit.xml and, from those, the MSBuild task on the gate's spec line.
/// </summary>
public static class GateErrorCodes
{
    /// <summary>An error-severity gate failed (the build fails).</summary>
    public const string GateFailed = "MLOPS511";
    /// <summary>A warning-severity gate failed (reported, the build continues).</summary>
    public const string GateWarning = "MLOPS512";
}
