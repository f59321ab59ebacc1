namespace MlOps.Contracts.Results;

/// <summary>result.json <c>verdict</c>; spelled in lower case there ("passed").</summary>
public enum RunVerdict
{
    /// <summary>No error-severity gate failed.</summary>
    Passed,
    /// <summary>An error-severity gate failed: the build fails.</summary>
    Failed,
    /// <summary>Interrupted (Ctrl+C): logged to MLflow as KILLED, never written to result.json.</summary>
    Stopped,
}
