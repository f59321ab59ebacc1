using MlOps.Contracts.Diagnostics;

namespace MlOps.Contracts.Results;

/// <summary>
/// One gate or bias setting that a pull request changed against the gate-policy ref. The base
/// value is the one that was applied. Null Base: the PR added the entry; null Head: it removed it.
/// </summary>
public sealed record ThresholdChange(
    /// <summary>The entry, e.g. "metric accuracy (validation)" or "bias sex demographic_parity_difference".</summary>
    string Entry,
    /// <summary>The setting, e.g. "min", "severity", or "entry" for an added/removed entry.</summary>
    string Setting,
    string? Base,
    string? Head,
    /// <summary>Where the PR's spec declares the entry (line 0 when the PR removed it).</summary>
    SourceLocation Location);
