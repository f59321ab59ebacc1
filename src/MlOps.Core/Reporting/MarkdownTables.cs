using System.Text;
using MlOps.Contracts.Results;
using MlOps.Core.Fairness;
using MlOps.Core.Pipeline;
using static MlOps.Core.Reporting.MarkdownText;
using static MlOps.Core.Reporting.ReportNumbers;

namespace MlOps.Core.Reporting;

/// <summary>The data sections of report.md: metrics, fairness, training curves, confusion matrix.</summary>
internal static class MarkdownTables
{
    public static void AppendMetrics(StringBuilder md, RunResult result)
    {
        // The judged split (test when there is one) comes first; baseline, champion and the deltas are on it.
        var judgedSplit = result.GatedOnSplit;
        var judged = result.Metrics.GetValueOrDefault(judgedSplit) ?? new Dictionary<string, double>();
        var validation = result.Metrics.For(MetricSplit.Validation);
        var train = result.Metrics.For(MetricSplit.Train);
        var baseline = result.Baseline.GetValueOrDefault(judgedSplit) ?? new Dictionary<string, double>();
        var champion = result.Champion?.Metrics ?? new Dictionary<string, double>();
        var names = ReportMetricNames.Rows(judged.Keys.Concat(validation.Keys).Concat(train.Keys).Concat(baseline.Keys).Concat(champion.Keys));
        if (names.Count == 0)
        {
            return;
        }
        var withTest = judgedSplit != MetricSplit.Validation.Key();
        md.AppendLine("## Metrics").AppendLine();
        string[] header = withTest
            ? ["metric", judgedSplit, "validation", "train", $"baseline ({judgedSplit})", "champion", "Δ vs baseline", "Δ vs champion"]
            : ["metric", "validation", "train", "baseline (validation)", "champion", "Δ vs baseline", "Δ vs champion"];
        md.AppendLine(Row(header)).AppendLine(Separator(header.Length));
        foreach (var name in names)
        {
            double? j = judged.TryGetValue(name, out var u) ? u : null;
            double? v = validation.TryGetValue(name, out var x) ? x : null;
            double? b = baseline.TryGetValue(name, out var y) ? y : null;
            double? c = champion.TryGetValue(name, out var z) ? z : null;
            double? t = train.TryGetValue(name, out var w) ? w : null;
            string[] cells = withTest
                ? [Escape(name), Value(j), Value(v), Value(t), Value(b), Value(c), Signed(j - b), Signed(j - c)]
                : [Escape(name), Value(v), Value(t), Value(b), Value(c), Signed(v - b), Signed(v - c)];
            md.AppendLine(Row(cells));
        }
        md.AppendLine();
        md.AppendLine(Escape(ReportMetricNames.DirectionNote(names))).AppendLine();
        if (result.Metrics.For(MetricSplit.Forgetting) is { Count: > 0 } forgetting)
        {
            md.AppendLine("Original task (forgetting): " + string.Join(", ", forgetting.Select(kv => $"{Escape(kv.Key)} {Value(kv.Value)}"))).AppendLine();
        }
    }

    public static void AppendFairness(StringBuilder md, IReadOnlyList<FairnessResult> fairness)
    {
        if (fairness.Count == 0)
        {
            return;
        }
        md.AppendLine("## Fairness").AppendLine();
        foreach (var entry in fairness)
        {
            var interval = entry.Lower is { } lo && entry.Upper is { } hi ? $" (CI {Value(lo)} – {Value(hi)})" : "";
            var privileged = entry.PrivilegedGroup is null ? "" : $", privileged group {Escape(entry.PrivilegedGroup)}";
            var overAll = entry.GatedOn == "all";
            md.AppendLine($"### {Escape(entry.Attribute)}: {Escape(entry.Metric)} = {Value(overAll ? entry.ValueAllGroups : entry.Value)}{interval}{privileged}").AppendLine();
            // An excluded small group can hide the worst one: the value over every group stands beside the gated one.
            var counterfactual = entry.Groups.Any(g => g.Score is not null);
            md.AppendLine(counterfactual
                ? "Counterfactual prompts: the value is the largest minus the smallest group mean score."
                : $"Over groups of at least min_group_size rows: {Value(entry.Value)}; over all groups, the small ones included: {Value(entry.ValueAllGroups)}; the gate reads the {(overAll ? "second" : "first")}.");
            if (entry.FavourableLabel is { } favourable)
            {
                md.AppendLine($"Favourable outcome: a prediction of {Escape(favourable)} (selection rate = share of rows predicted {Escape(favourable)}).");
            }
            md.AppendLine();
            if (counterfactual)
            {
                // A generative model's counterfactual entry: each group's prompts and mean score; the value is the gap.
                if (entry.BaseValue is { } baseGap)
                {
                    md.AppendLine($"Base model: {Value(baseGap)}; fine-tuned − base: {Value(entry.Value - baseGap)}.").AppendLine();
                    md.AppendLine(Row(["group", "prompts", "mean score", "base mean score"])).AppendLine(Separator(4));
                }
                else
                {
                    md.AppendLine(Row(["group", "prompts", "mean score"])).AppendLine(Separator(3));
                }
                foreach (var g in entry.Groups)
                {
                    string[] cells = [Escape(g.Group), g.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Value(g.Score)];
                    md.AppendLine(Row(entry.BaseValue is null ? cells : [.. cells, Value(g.BaseScore)]));
                }
                md.AppendLine();
                continue;
            }
            md.AppendLine(Row(["group", "rows", "selection rate", "TPR", "FPR", "accuracy", "note"])).AppendLine(Separator(7));
            foreach (var g in entry.Groups)
            {
                var note = g.Excluded ? "excluded: below min_group_size" : "";
                md.AppendLine(Row([Escape(g.Group), g.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Value(g.SelectionRate), Value(g.TruePositiveRate), Value(g.FalsePositiveRate), Value(g.Accuracy), note]));
            }
            md.AppendLine();
            foreach (var warning in entry.Warnings)
            {
                md.AppendLine($"> ⚠️ {Escape(warning)}").AppendLine();
            }
        }
    }

    /// <summary>Mermaid xychart-beta: first line training loss, second validation loss.</summary>
    public static void AppendCurves(StringBuilder md, IReadOnlyList<EpochRecord> history)
    {
        if (history.Count == 0)
        {
            return;
        }
        md.AppendLine("## Training curves").AppendLine();
        if (history.Any(e => !double.IsFinite(e.TrainLoss) || !double.IsFinite(e.ValLoss)))
        {
            md.AppendLine("A loss was not finite (NaN or ∞) in some epoch; the chart is left out. See plots/loss.png and history.").AppendLine();
            return;
        }
        var top = history.Max(e => Math.Max(e.TrainLoss, e.ValLoss));
        md.AppendLine("```mermaid").AppendLine("xychart-beta");
        md.AppendLine("    title \"Loss per epoch (train, validation)\"");
        md.AppendLine($"    x-axis \"epoch\" [{string.Join(", ", history.Select(e => e.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]");
        md.AppendLine($"    y-axis \"loss\" 0 --> {Invariant(top * 1.1)}");
        md.AppendLine($"    line [{string.Join(", ", history.Select(e => Invariant(e.TrainLoss)))}]");
        md.AppendLine($"    line [{string.Join(", ", history.Select(e => Invariant(e.ValLoss)))}]");
        md.AppendLine("```").AppendLine();
        md.AppendLine("First line: training loss; second line: validation loss.").AppendLine();
    }

    public static void AppendConfusionMatrix(StringBuilder md, IReadOnlyList<string> classes, IReadOnlyList<IReadOnlyList<int>> matrix)
    {
        if (matrix.Count == 0 || matrix.Count != classes.Count)
        {
            return;
        }
        md.AppendLine("## Confusion matrix (validation)").AppendLine();
        md.AppendLine("Rows: true class; columns: predicted class.").AppendLine();
        md.AppendLine(Row(["true \\\\ predicted", .. classes.Select(Escape)])).AppendLine(Separator(classes.Count + 1));
        for (var i = 0; i < matrix.Count; i++)
        {
            md.AppendLine(Row([$"**{Escape(classes[i])}**", .. matrix[i].Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))]));
        }
        md.AppendLine();
    }
}
