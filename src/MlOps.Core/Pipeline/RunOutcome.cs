using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;

namespace MlOps.Core.Pipeline;

/// <summary>The end of a run: its exit code (see <see cref="ExitCodes"/>) and result, if one was written.</summary>
public sealed record RunOutcome(int ExitCode, RunResult? Result, string? ResultPath)
{
    /// <summary>For a stopped run (exit 130): whether a checkpoint was saved that --resume can continue from.</summary>
    public bool CanResume { get; init; } = ExitCode == ExitCodes.Interrupted;
}
