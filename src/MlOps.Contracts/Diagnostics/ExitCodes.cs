namespace MlOps.Contracts.Diagnostics;

/// <summary>The exit codes every front end uses.</summary>
public static class ExitCodes
{
    public const int Passed = 0;
    public const int GateFailed = 1;
    public const int BadInput = 2;
    /// <summary>The environment, not the input, is at fault (the output folder is in use by another run, cannot be written…).</summary>
    public const int EnvironmentFault = 3;
    /// <summary>Stopped by Ctrl+C / SIGTERM after saving a checkpoint (128 + SIGINT).</summary>
    public const int Interrupted = 130;
}
