namespace MlOps.Contracts.Diagnostics;

/// <summary>The exit codes every front end uses.</summary>
public static class ExitCodes
{
    public const int Passed = 0;
    public const int GateFailed = 1;
    public const int BadInput = 2;
    /// <summary>The environment failed the run, not its input: the output folder cannot be written, the disk is full.</summary>
    public const int EnvironmentFault = 3;
    /// <summary>An exception no stage turned into a diagnostic: a bug (BSD sysexits' EX_SOFTWARE).</summary>
    public const int InternalError = 70;
    /// <summary>Stopped by Ctrl+C / SIGTERM after saving a checkpoint (128 + SIGINT).</summary>
    public const int Interrupted = 130;
}
