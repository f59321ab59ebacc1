using System.Globalization;
using MlOps.Contracts.Results;
using MlOps.Core.Gates;
using MlOps.Specs.Model;

namespace MlOps.Cli.GitHub;

/// <summary>
/// One `::error` per failed error gate and one `::warning` per failed warning gate, placed on the
/// spec line that declared it. GitHub shows at most 10 of each kind per step; the rest are
/// counted in a plain log line and listed in the job summary.
/// </summary>
internal static class GateAnnotations
{
    public const int MaxPerKind = 10;

    public static IReadOnlyList<string> Lines(IReadOnlyList<ReportedRun> runs, string? workspace)
    {
        var failed = runs.SelectMany(r => r.Result.Gates.Where(g => !g.Passed).Select(g => (Run: r, Gate: g))).ToList();
        var lines = new List<string>();
        foreach (var (severity, command, noun) in new[] { (Severity.Error, "error", "failed gate"), (Severity.Warning, "warning", "gate warning") })
        {
            var ofKind = failed.Where(f => f.Gate.Severity == severity).ToList();
            lines.AddRange(ofKind.Take(MaxPerKind).Select(f => Annotation(command, f.Run, f.Gate, workspace)));
            if (ofKind.Count > MaxPerKind)
            {
                var more = ofKind.Count - MaxPerKind;
                lines.Add($"{more} more {noun}{(more == 1 ? "" : "s")} not annotated (GitHub shows at most {MaxPerKind} per step); all are in the job summary");
            }
        }
        return lines;
    }

    /// <summary>Failed gates beyond the per-kind limit: listed only in the summary.</summary>
    public static int NotAnnotated(IReadOnlyList<ReportedRun> runs) =>
        new[] { Severity.Error, Severity.Warning }
            .Sum(s => Math.Max(0, runs.Sum(r => r.Result.Gates.Count(g => !g.Passed && g.Severity == s)) - MaxPerKind));

    private static string Annotation(string command, ReportedRun run, GateResult gate, string? workspace)
    {
        var hasLine = gate.Location.Line > 0;
        // A gate's location names the spec as it was given to the run (maybe relative to another
        // folder); result.json's spec.path is absolute, so prefer it for the same file.
        var file = !Path.IsPathRooted(gate.Location.File) && Path.IsPathRooted(run.Result.Spec.Path)
            && Path.GetFileName(gate.Location.File) == Path.GetFileName(run.Result.Spec.Path)
                ? run.Result.Spec.Path
                : gate.Location.File;
        return WorkflowCommands.Format(command,
        [
            ("file", RelativeToWorkspace(file, workspace)),
            ("line", hasLine ? gate.Location.Line.ToString(CultureInfo.InvariantCulture) : null),
            ("col", hasLine && gate.Location.Column > 0 ? gate.Location.Column.ToString(CultureInfo.InvariantCulture) : null),
            ("title", gate.Name),
        ], gate.Message);
    }

    /// <summary>GitHub places annotations by repository-relative path with forward slashes.</summary>
    public static string RelativeToWorkspace(string file, string? workspace)
    {
        if (workspace is null || string.IsNullOrEmpty(file))
        {
            return file.Replace('\\', '/');
        }
        var full = Path.GetFullPath(file, workspace);
        return Path.GetRelativePath(workspace, full).Replace('\\', '/');
    }
}
