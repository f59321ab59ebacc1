namespace MlOps.Core.Pipeline;

/// <summary>One `mlops run`: the spec and how to run it.</summary>
public sealed record RunRequest
{
    public required string SpecPath { get; init; }
    /// <summary>Null: <c>out/&lt;spec name&gt;</c> in the current directory.</summary>
    public string? OutputDirectory { get; init; }
    public bool Resume { get; init; }
    /// <summary>Skip training when the tracking store holds a finished run with the same fingerprint.</summary>
    public bool Reuse { get; init; }
    /// <summary>Overrides the spec's device.</summary>
    public string? Device { get; init; }
    public string? TrackingUri { get; init; }
    /// <summary>Assemblies with [FineTuneModel] classes (the user's project output).</summary>
    public IReadOnlyList<string> ModelAssemblies { get; init; } = [];
    /// <summary>A previous result.json standing in for the champion (until a tracking server has one).</summary>
    public string? BaselineResult { get; init; }
    /// <summary>Git ref whose copy of the spec supplies gate thresholds (gate-policy: base).</summary>
    public string? GatePolicyRef { get; init; }
    /// <summary>Let spec paths leave the repository (data on a mounted volume); an explicit opt-in.</summary>
    public bool AllowOutsideRepository { get; init; }
    /// <summary>sweep: train only the trial with this id (`mlops run --trial`, one matrix job); null: the whole sweep.</summary>
    public string? Trial { get; init; }
    /// <summary>sweep: conclude from the trials' result.json files under this folder instead of training (`mlops aggregate --from`).</summary>
    public string? AggregateFrom { get; init; }
    /// <summary>repeats: run them as up to this many child processes at once (`--parallel [N]`; 0 = min(cores, repeats)); null: one after another in-process.</summary>
    public int? Parallel { get; init; }
    /// <summary>Set only in a child process of `--parallel`: train this one repeat into the parent's staging folder.</summary>
    public RepeatChildRequest? RepeatChild { get; init; }
}

/// <summary>
/// One repeat run by a `--parallel` child: its seed, the folder inside the parent's staging folder it trains
/// into, the folder that will be published, and the torch threads it is pinned to (so N children don't oversubscribe).
/// </summary>
public sealed record RepeatChildRequest(int Seed, string Directory, string Published, int Threads);
