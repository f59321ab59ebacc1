using System.Globalization;
using System.Xml;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MlOps.Build.UpToDate;

namespace MlOps.Build.Tasks;

/// <summary>
/// After a build that found every spec up to date, records what the next build's cheap check
/// needs (MlOps.Build.UpToDate.targets): the key of this build's settings, the paths each
/// fingerprint depends on, and the planned specs and results to reuse. The record kinds
/// (Check, Spec, Result, Input) are the ones that targets file reads.
/// </summary>
public sealed class WriteUpToDateCache : Microsoft.Build.Utilities.Task
{
    [Required]
    public string File { get; set; } = "";

    /// <summary>A hash of every setting that changes what the fingerprint task would do (computed by the targets).</summary>
    [Required]
    public string Key { get; set; } = "";

    /// <summary>DateTime.UtcNow.Ticks when this build's check began: the cache is dated then.</summary>
    [Required]
    public string CheckStartedUtcTicks { get; set; } = "";

    /// <summary>ComputeFineTuneFingerprint's PlannedSpecs (all up to date).</summary>
    public ITaskItem[] Specs { get; set; } = [];

    /// <summary>ComputeFineTuneFingerprint's Inputs (metadata Watch).</summary>
    public ITaskItem[] Inputs { get; set; } = [];

    /// <summary>@(MlOpsRunResult).</summary>
    public ITaskItem[] Results { get; set; } = [];

    public override bool Execute()
    {
        var started = new DateTime(long.Parse(CheckStartedUtcTicks, CultureInfo.InvariantCulture), DateTimeKind.Utc);
        var check = new TaskItem("check", new Dictionary<string, string> { ["Key"] = Key, ["Ticks"] = CheckStartedUtcTicks });
        var records = new[] { ("Check", (ITaskItem)check) }
            .Concat(Specs.Select(i => ("Spec", i)))
            .Concat(Results.Select(i => ("Result", i)))
            .Concat(Inputs.Select(i => ("Input", i)));
        try
        {
            UpToDateCacheFile.Write(File, records, started);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or XmlException)
        {
            // Only an optimisation (the targets deleted the old file): the next build takes the full check.
            Log.LogMessage(MessageImportance.Low, $"MlOps: up-to-date cache not written ({e.Message}); the next build checks every spec's content.");
        }
        return !Log.HasLoggedErrors;
    }
}
