using System.Text;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using static MlOps.Core.Reporting.MarkdownText;

namespace MlOps.Core.Reporting;

/// <summary>"Thresholds changed by this spec": what a PR tried to change under gate-policy: base, and what applied.</summary>
public static class ThresholdChangesSection
{
    public static void Append(StringBuilder md, RunResult result, string heading = "##")
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(result);
        if (result.GatePolicyRef is null)
        {
            return;
        }
        md.AppendLine($"{heading} Gate policy: thresholds from {Escape(result.GatePolicyRef)}").AppendLine();
        if (result.ThresholdChanges.Count == 0)
        {
            md.AppendLine($"This spec's gates match {Escape(result.GatePolicyRef)}.").AppendLine();
            return;
        }
        md.AppendLine($"This spec changes {result.ThresholdChanges.Count} gate setting{(result.ThresholdChanges.Count == 1 ? "" : "s")}; the values from {Escape(result.GatePolicyRef)} were applied (added entries apply as written).").AppendLine();
        md.AppendLine(Row(["entry", "setting", "base (applied)", "this spec", "where"])).AppendLine(Separator(5));
        foreach (var change in result.ThresholdChanges)
        {
            md.AppendLine(Row([Escape(change.Entry), Escape(change.Setting), Escape(change.Base ?? "absent"), Escape(change.Head ?? "absent"), MarkdownReport.Where(change.Location)]));
        }
        md.AppendLine();
    }
}
