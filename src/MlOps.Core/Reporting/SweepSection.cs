using System.Globalization;
using System.Text;
using MlOps.Contracts.Results;
using static MlOps.Core.Reporting.MarkdownText;

namespace MlOps.Core.Reporting;

/// <summary>
/// "Sweep": every trial's parameter values, validation value of the sweep's metric and own verdict,
/// the winner marked, and the warning that the winner is gated on the split that chose it.
/// </summary>
public static class SweepSection
{
    public static void Append(StringBuilder md, RunResult result, string heading = "##")
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(result);
        if (result.Sweep is not { } sweep)
        {
            return;
        }
        md.AppendLine($"{heading} Sweep: {sweep.Trials.Count} trials ({sweep.Method})").AppendLine();
        md.AppendLine(Escape($"The winner is {sweep.Winner}, the best validation {sweep.Metric} ({(sweep.GreaterIsBetter ? "highest" : "lowest")}); " +
            $"the metrics, gates and model above are its. It is gated on the {sweep.GatedOn} split that chose it, so its numbers are optimistic.")).AppendLine();
        var parameters = sweep.Trials.SelectMany(t => t.Parameters.Keys).Distinct().ToList();
        md.AppendLine(Row(["trial", .. parameters.Select(Escape), Escape($"validation {sweep.Metric}"), "own verdict"])).AppendLine(Separator(3 + parameters.Count));
        foreach (var trial in sweep.Trials)
        {
            var id = trial.Id == sweep.Winner ? $"**{Escape(trial.Id)}** (winner)" : Escape(trial.Id);
            md.AppendLine(Row([id, .. parameters.Select(p => trial.Parameters.TryGetValue(p, out var v) ? v.ToString("G6", CultureInfo.InvariantCulture) : "–"),
                trial.Metric is { } m ? ReportNumbers.Value(m) : "–", trial.Verdict.ToString().ToLowerInvariant()]));
        }
        md.AppendLine();
    }
}
