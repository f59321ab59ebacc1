namespace MlOps.Core.Pipeline;

/// <summary>`mlops run --parallel`: faults of the child processes that train the repeats (environment range, 900–999).</summary>
public static class ParallelErrorCodes
{
    /// <summary>A child process failed its repeat: its exit code and first error line are given; the run exits with the child's code (2 bad input, 3 environment).</summary>
    public const string ChildFailed = "MLOPS960";
}
