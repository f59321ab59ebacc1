using System.Text;
using MlOps.Core.Gates;
using MlOps.Core.Reporting;
using static MlOps.Core.Reporting.MarkdownText;

namespace MlOps.Cli.GitHub;

/// <summary>The job summary: one verdict line for all specs, then each spec's report.md.</summary>
internal static class CombinedReport
{
    public static bool Passed(IReadOnlyList<ReportedRun> runs) =>
        runs.All(r => r.Result.Verdict == GateVerdict.Passed && !GateVerdict.HasFailed(r.Result.Gates));

    public static string Headline(IReadOnlyList<ReportedRun> runs)
    {
        var failed = runs.Count(r => !Passed([r]));
        return failed == 0
            ? $"✅ MlOps: {runs.Count} of {runs.Count} spec{(runs.Count == 1 ? "" : "s")} passed"
            : $"❌ MlOps: {failed} of {runs.Count} spec{(runs.Count == 1 ? "" : "s")} failed";
    }

    public static string Render(IReadOnlyList<ReportedRun> runs, int notAnnotated)
    {
        var md = new StringBuilder();
        md.AppendLine("# " + Headline(runs)).AppendLine();
        if (notAnnotated > 0)
        {
            md.AppendLine($"> {notAnnotated} failed gate{(notAnnotated == 1 ? " is" : "s are")} not annotated in the diff (GitHub shows at most {GateAnnotations.MaxPerKind} per kind and step); every gate is in the tables below.").AppendLine();
        }
        foreach (var run in runs)
        {
            // Headings one level down: each spec's report sits under the combined verdict.
            foreach (var line in MarkdownReport.Render(run.Result).Split('\n'))
            {
                md.Append(line.StartsWith('#') ? "#" + line : line).Append('\n');
            }
        }
        return md.ToString();
    }

    /// <summary>
    /// GitHub rejects a step summary over 1 MiB (and then shows none of it). Cuts at a line
    /// boundary so that what is already in the file plus this report fits, and says where the rest is.
    /// </summary>
    public static string FitSummary(string report, long existingBytes, string? runUrl, string artifactName, long limit = 1024 * 1024)
    {
        var bytes = Encoding.UTF8.GetByteCount(report);
        if (existingBytes + bytes <= limit)
        {
            return report;
        }
        var where = runUrl is null ? $"the `{Escape(artifactName)}` artifact" : $"the `{Escape(artifactName)}` artifact of [this workflow run]({runUrl})";
        var note = $"\n\n> ✂️ Truncated: GitHub limits the job summary to 1 MiB. The full report.md of every spec is in {where}.\n";
        var budget = limit - existingBytes - Encoding.UTF8.GetByteCount(note);
        if (budget <= 0)
        {
            return "";
        }
        var kept = new StringBuilder();
        var used = 0L;
        foreach (var line in report.Split('\n'))
        {
            var size = Encoding.UTF8.GetByteCount(line) + 1;
            if (used + size > budget)
            {
                break;
            }
            kept.Append(line).Append('\n');
            used += size;
        }
        return kept.Append(note).ToString();
    }
}
