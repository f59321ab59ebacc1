using System.Globalization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MlOps.Build.Results;
using MlOps.Build.Specs;
using MlOps.Build.UpToDate;
using MlOps.Contracts.Diagnostics;
using MlOps.Specs;
using MlOps.Specs.Fingerprint;
using MlOps.Specs.Globbing;
using MlOps.Specs.Model;

namespace MlOps.Build.Tasks;

/// <summary>
/// Loads every spec (errors land on the spec's line and stop the build before any training),
/// writes <c>&lt;output&gt;/&lt;name&gt;.fingerprint</c> only when it changed, and returns the specs
/// in dependency order with the paths the training target needs. Touches no TorchSharp code.
/// </summary>
public sealed class ComputeFineTuneFingerprint : Microsoft.Build.Utilities.Task
{
    /// <summary>The FineTuneSpec items.</summary>
    [Required]
    public ITaskItem[] Specs { get; set; } = [];

    /// <summary>Folder that holds one output folder per spec (MlOpsOutputPath).</summary>
    [Required]
    public string OutputPath { get; set; } = "";

    /// <summary>Device override (MlOpsDevice); empty: the spec's own device.</summary>
    public string? Device { get; set; }

    /// <summary>Paths in specs may not leave this folder; empty: the loader's default (the git root).</summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>
    /// MlOpsSpecFilter: spec names or path globs (as the FineTuneSpec item is written, e.g.
    /// <c>specs/credit*.yaml</c>), separated by semicolons; empty keeps every spec.
    /// </summary>
    public string? Filter { get; set; }

    /// <summary>
    /// Specs in run order. Metadata: SpecName, OutputDirectory, FingerprintFile, StampFile,
    /// ResultFile, Fingerprint, UpToDate.
    /// </summary>
    [Output]
    public ITaskItem[] PlannedSpecs { get; set; } = [];

    /// <summary>The paths the planned specs' fingerprints depend on (metadata Watch: File, Folder, Absent), for the next build's cheap check.</summary>
    [Output]
    public ITaskItem[] Inputs { get; set; } = [];

    /// <summary>The specs' warnings (metadata File, Line, Column, Message): a build with warnings writes no up-to-date cache, so they show every time.</summary>
    [Output]
    public ITaskItem[] Warnings { get; set; } = [];

    private readonly List<ITaskItem> _warnings = [];

    /// <summary>Seam for unit tests; the build always uses <see cref="SpecLoader.Load"/>.</summary>
    internal Func<string, SpecLoadOptions, SpecLoadResult> Loader { get; set; } = SpecLoader.Load;

    public override bool Execute()
    {
        var options = new SpecLoadOptions { RepositoryRoot = string.IsNullOrEmpty(RepositoryRoot) ? null : Path.GetFullPath(RepositoryRoot) };
        var planned = new List<(PlannedSpec Plan, string Fingerprint)>();
        var inputs = new List<WatchedPath>();
        foreach (var item in Specs)
        {
            var path = Path.GetFullPath(item.GetMetadata("FullPath") is { Length: > 0 } full ? full : item.ItemSpec);
            if (Load(path, options) is not { } spec)
            {
                continue;
            }
            if (!Selected(spec.Name, item.ItemSpec))
            {
                Log.LogMessage(MessageImportance.Normal, $"MlOps: {spec.Name} skipped (not in MlOpsSpecFilter '{Filter}')");
                continue;
            }
            var device = string.IsNullOrEmpty(Device) ? spec.Device : Device;
            // A Hub checkpoint is no other spec's output; its fingerprint reads the Hub cache only (never the network).
            var plan = new PlannedSpec(spec.Name, path, Path.Combine(Path.GetFullPath(OutputPath), spec.Name), spec.Base.Hub is null ? spec.Base.Checkpoint : null);
            if (planned.FirstOrDefault(p => p.Plan.Name == spec.Name) is { Plan: not null } twin)
            {
                Log.LogError(null, BuildErrorCodes.DuplicateSpecName, null, path, 0, 0, 0, 0,
                    $"spec name '{spec.Name}' is also used by {twin.Plan.SpecPath}; both would write to {plan.OutputDirectory}. Give each spec a unique 'name'.");
                continue;
            }
            planned.Add((plan, SpecFingerprint.Compute(spec, device)));
            inputs.AddRange(SpecInputs.Of(spec));
        }
        Warnings = [.. _warnings];
        if (Log.HasLoggedErrors)
        {
            return false;
        }
        var ordered = SpecOrder.Sort(planned.Select(p => p.Plan).ToList(), out var cycle);
        if (ordered is null)
        {
            Log.LogError(null, BuildErrorCodes.SpecCycle, null, cycle[0].SpecPath, 0, 0, 0, 0,
                $"specs use each other's outputs as base.checkpoint in a cycle: {string.Join(" -> ", cycle.Select(c => c.Name))}. Break the cycle.");
            return false;
        }
        PlannedSpecs = ordered.Select(plan => ToItem(plan, planned.First(p => p.Plan == plan).Fingerprint)).ToArray();
        Inputs = [.. inputs.GroupBy(i => i.Path).Select(g => g.First()).Select(i => new TaskItem(i.Path, new Dictionary<string, string> { ["Watch"] = i.Kind.ToString() }))];
        return !Log.HasLoggedErrors;
    }

    private bool Selected(string name, string itemSpec)
    {
        // Trimmed by hand: .NET Framework's StringSplitOptions has no TrimEntries.
        var patterns = (Filter ?? "").Split(';').Select(p => p.Trim()).Where(p => p.Length > 0).ToArray();
        var path = itemSpec.Replace('\\', '/');
        return patterns.Length == 0 || patterns.Any(p => NameGlob.IsMatch(p, name) || NameGlob.IsMatch(p.Replace('\\', '/'), path));
    }

    private FineTuneSpec? Load(string path, SpecLoadOptions options)
    {
        SpecLoadResult result;
        try
        {
            result = Loader(path, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotImplementedException)
        {
            Log.LogError(null, BuildErrorCodes.SpecUnreadable, null, path, 0, 0, 0, 0, $"cannot read the spec: {e.Message}");
            return null;
        }
        foreach (var diagnostic in result.Diagnostics)
        {
            LogDiagnostic(diagnostic);
        }
        if (result.HasErrors && !result.Diagnostics.Any(d => d.IsError))
        {
            Log.LogError(null, BuildErrorCodes.SpecUnreadable, null, path, 0, 0, 0, 0, "the spec loader returned no spec and no error; please report this.");
        }
        return result.HasErrors ? null : result.Spec;
    }

    private void LogDiagnostic(Diagnostic d)
    {
        // One line each: a message quotes spec text, which MSBuild would otherwise print as lines of their own.
        var (file, line, column, message) = (d.Location.File, d.Location.Line, d.Location.Column, PrintableText.OneLine(d.Message));
        if (d.IsError)
        {
            Log.LogError(null, d.Code, null, file, line, column, 0, 0, message);
        }
        else
        {
            Log.LogWarning(null, d.Code, null, file, line, column, 0, 0, message);
            _warnings.Add(new TaskItem(d.Code, new Dictionary<string, string>
            {
                ["File"] = file ?? "", ["Line"] = line.ToString(CultureInfo.InvariantCulture), ["Column"] = column.ToString(CultureInfo.InvariantCulture), ["Message"] = d.Message,
            }));
        }
    }

    private TaskItem ToItem(PlannedSpec plan, string fingerprint)
    {
        var root = Path.GetFullPath(OutputPath);
        var fingerprintFile = Path.Combine(root, plan.Name + ".fingerprint");
        var stampFile = Path.Combine(root, plan.Name + ".done");
        var resultFile = Path.Combine(plan.OutputDirectory, "result.json");
        if (FileWriter.WriteIfDifferent(fingerprintFile, fingerprint + Environment.NewLine))
        {
            Log.LogMessage(MessageImportance.Low, $"MlOps: {plan.Name} fingerprint changed ({fingerprint}).");
        }
        var upToDate = File.Exists(stampFile) && File.Exists(resultFile)
            && File.GetLastWriteTimeUtc(stampFile) >= File.GetLastWriteTimeUtc(fingerprintFile);
        var item = new TaskItem(plan.SpecPath);
        item.SetMetadata("SpecName", plan.Name);
        item.SetMetadata("OutputDirectory", plan.OutputDirectory + Path.DirectorySeparatorChar);
        item.SetMetadata("FingerprintFile", fingerprintFile);
        item.SetMetadata("StampFile", stampFile);
        item.SetMetadata("ResultFile", resultFile);
        item.SetMetadata("Fingerprint", fingerprint);
        item.SetMetadata("UpToDate", upToDate ? "true" : "false");
        return item;
    }
}
