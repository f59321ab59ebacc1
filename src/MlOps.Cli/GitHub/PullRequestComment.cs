using System.Text;
using MlOps.Contracts.Results;
using MlOps.Core.Gates;
using MlOps.Core.Pipeline;
using MlOps.Core.Reporting;
using MlOps.Specs.Model;
using static MlOps.Core.Reporting.MarkdownText;

namespace MlOps.Cli.GitHub;

/// <summary>
/// The sticky pull-request comment: verdict, gates, metric deltas against the champion, fairness,
/// changed thresholds, the seed variance of repeats and a sweep's trials, for a set of specs. The hidden marker names the set, so each set keeps
/// its own comment and later pushes edit it instead of adding another.
/// </summary>
internal static class PullRequestComment
{
    /// <summary>GitHub rejects comment bodies over 65,536 characters.</summary>
    public const int MaxLength = 65_536;

    public static string Marker(IReadOnlyList<ReportedRun> runs)
    {
        var names = runs.Select(r => SafeForHtmlComment(r.Result.Spec.Name)).Distinct().Order(StringComparer.Ordinal);
        return $"<!-- mlops-report specs={string.Join(",", names)} -->";
    }

    public static string Render(IReadOnlyList<ReportedRun> runs, string? runUrl)
    {
        var md = new StringBuilder();
        md.AppendLine(Marker(runs));
        md.AppendLine("## " + CombinedReport.Headline(runs)).AppendLine();
        foreach (var run in runs)
        {
            var result = run.Result;
            md.AppendLine("##" + MarkdownReport.VerdictLine(result)).AppendLine();
            md.AppendLine(Escape(MarkdownReport.JudgedSplitLine(result))).AppendLine();
            MarkdownReport.AppendGateTable(md, result.Gates);
            AppendChampionDeltas(md, result);
            AppendFairness(md, result);
            ThresholdChangesSection.Append(md, result, "####");
            SeedVarianceChart.Append(md, result, "####");
            SweepSection.Append(md, result, "####");
        }
        if (runUrl is not null)
        {
            md.AppendLine($"Full reports, plots and the model: [workflow run]({runUrl}) (artifact `mlops-report`).");
        }
        var body = md.ToString();
        return body.Length <= MaxLength ? body : body[..(MaxLength - 200)] + "\n\n> ✂️ Truncated: the full report is in the workflow run's artifact.\n";
    }

    private static void AppendChampionDeltas(StringBuilder md, RunResult result)
    {
        if (result.Champion is not { } champion)
        {
            md.AppendLine("No champion model to compare with yet.").AppendLine();
            return;
        }
        var candidate = result.Metrics.GetValueOrDefault(result.GatedOnSplit) ?? new Dictionary<string, double>();
        md.AppendLine($"Against the champion {Escape(champion.ModelName)} v{Escape(champion.Version)} (@{Escape(champion.Alias)}), on the {Escape(result.GatedOnSplit)} split:").AppendLine();
        md.AppendLine(Row(["metric", "candidate", "champion", "Δ"])).AppendLine(Separator(4));
        foreach (var (name, championValue) in champion.Metrics.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            double? mine = candidate.TryGetValue(name, out var x) ? x : null;
            var delta = mine - championValue;
            var signed = delta is null ? "–" : (delta > 0 ? "+" : "") + GateText.Number(delta.Value);
            md.AppendLine(Row([Escape(name), Number(mine), GateText.Number(championValue), signed]));
        }
        md.AppendLine();
    }

    private static void AppendFairness(StringBuilder md, RunResult result)
    {
        if (result.Fairness.Count == 0)
        {
            return;
        }
        md.AppendLine(Row(["attribute", "fairness metric", "value", "groups (rows, selection rate)"])).AppendLine(Separator(4));
        foreach (var f in result.Fairness)
        {
            var groups = string.Join(", ", f.Groups.Select(g => $"{Escape(g.Group)} ({g.Count}, {GateText.Number(g.SelectionRate)}){(g.Excluded ? " excluded" : "")}"));
            md.AppendLine(Row([Escape(f.Attribute), Escape(f.Metric), Number(f.Value), groups]));
        }
        md.AppendLine();
    }

    private static string Number(double? value) => value is { } v ? GateText.Number(v) : "–";

    /// <summary>Spec names are data: nothing in them may close the HTML comment or forge another marker.</summary>
    private static string SafeForHtmlComment(string name)
    {
        var safe = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_')]);
        while (safe.Contains("--", StringComparison.Ordinal))
        {
            safe = safe.Replace("--", "-_", StringComparison.Ordinal);
        }
        return safe;
    }
}
