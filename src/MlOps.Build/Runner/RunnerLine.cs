using MlOps.Contracts.Diagnostics;

namespace MlOps.Build.Runner;

/// <summary>What one line of the runner's output means to the build.</summary>
internal enum RunnerLineKind { Text, Start, Epoch, Diagnostic, Gate, Result, Stage, Message }

/// <summary>
/// One parsed line of runner output (a JSON event or a canonical diagnostic). Fields not used by
/// a kind are null.
/// </summary>
internal sealed record RunnerLine(RunnerLineKind Kind, string Text)
{
    public bool IsError { get; init; }
    public string? Code { get; init; }
    public string? File { get; init; }
    public int Line { get; init; }
    public int Column { get; init; }
    /// <summary>Start and epoch: this epoch and how many the run has.</summary>
    public int Epoch { get; init; }
    public int Epochs { get; init; }
    /// <summary>Gate: its name and whether it passed.</summary>
    public string? GateName { get; init; }
    public bool Passed { get; init; }
    /// <summary>Result: verdict, result.json path and tracking run id.</summary>
    public string? Verdict { get; init; }
    public string? ResultPath { get; init; }
    public string? RunId { get; init; }
}
