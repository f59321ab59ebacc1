using System.Text;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Gates;
using MlOps.Core.Pipeline;
using MlOps.Specs.Model;
using static MlOps.Core.Reporting.MarkdownText;

namespace MlOps.Core.Reporting;

/// <summary>
/// report.md: the verdict first, then what failed and where, then the numbers behind it. Every
/// piece of text that comes from data goes through <see cref="MarkdownText.Escape"/>.
/// </summary>
public static class MarkdownReport
{
    /// <param name="plots">Plot files relative to the report's folder, linked at the end when given.</param>
    public static string Render(RunResult result, IReadOnlyList<string>? plots = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var md = new StringBuilder();
        md.AppendLine(VerdictLine(result)).AppendLine();
        md.AppendLine(Escape($"{result.Model.Architecture} on {result.Device} · {result.Training.EpochsRun}/{result.Training.EpochsPlanned} epochs ({JsonName.Of(result.Training.StopReason)}){KeptEpoch(result.Training)} · spec {ReportPaths.FromRepository(result.Spec.Path)}")).AppendLine();
        md.AppendLine(Escape(TrainingSetupLine.Render(result))).AppendLine();
        md.AppendLine(Escape(JudgedSplitLine(result))).AppendLine();
        AppendGates(md, result.Gates);
        ThresholdChangesSection.Append(md, result);
        MarkdownTables.AppendMetrics(md, result);
        RepeatsSection.Append(md, result);
        SweepSection.Append(md, result);
        MarkdownTables.AppendFairness(md, result.Fairness);
        MarkdownTables.AppendCurves(md, result.Training.History);
        MarkdownTables.AppendConfusionMatrix(md, result.Classes, result.ConfusionMatrix);
        ExportSection.Append(md, result);
        GenerationSection.Append(md, result);
        AppendAdvice(md, AdviceBuilder.Merge(result));
        if (plots is { Count: > 0 })
        {
            md.AppendLine("## Plots").AppendLine();
            foreach (var plot in plots)
            {
                var name = Escape(Path.GetFileNameWithoutExtension(plot));
                md.AppendLine($"![{name}](<{Uri.EscapeDataString(plot.Replace('\\', '/')).Replace("%2F", "/", StringComparison.Ordinal)}>)");
            }
            md.AppendLine();
        }
        return md.ToString();
    }

    /// <summary>" · weights of epoch 1 kept": which epoch's weights the model holds.</summary>
    public static string KeptEpochText(TrainingSummary training)
    {
        ArgumentNullException.ThrowIfNull(training);
        return KeptEpoch(training);
    }

    private static string KeptEpoch(TrainingSummary training) =>
        training.BestEpoch > 0 ? $" · weights of epoch {training.BestEpoch} kept" : "";

    /// <summary>"# ✅ name: passed — 5 of 5 gates passed" / "# ❌ name: failed — 1 of 5 gates failed, 1 warning".</summary>
    public static string VerdictLine(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var failed = result.Gates.Count(g => !g.Passed && g.Severity == Severity.Error);
        var warnings = result.Gates.Count(g => !g.Passed && g.Severity == Severity.Warning);
        var skipped = result.Gates.Count(g => g.Skipped);
        var passed = result.Verdict == GateVerdict.Passed;
        var mark = passed ? "✅" : result.Verdict == RunVerdict.Stopped ? "⏹️" : "❌";
        var counts = failed > 0
            ? $"{failed} of {result.Gates.Count} gates failed"
            : $"{result.Gates.Count - warnings - skipped} of {result.Gates.Count} gates passed";
        if (skipped > 0)
        {
            counts += $", {skipped} skipped";
        }
        if (warnings > 0)
        {
            counts += $", {warnings} warning{(warnings == 1 ? "" : "s")}";
        }
        return $"# {mark} {Escape(result.Spec.Name)}: {Escape(JsonName.Of(result.Verdict))} — {counts}";
    }

    private static void AppendGates(StringBuilder md, IReadOnlyList<GateResult> gates)
    {
        md.AppendLine("## Gates").AppendLine();
        AppendGateTable(md, gates);
    }

    /// <summary>Which split the verdict's numbers come from, and which split chose the kept epoch.</summary>
    public static string JudgedSplitLine(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rows = System.Globalization.CultureInfo.InvariantCulture;
        return result.GatedOnSplit == MetricSplit.Test.Key()
            ? $"Gates, fairness and the baseline are judged on the test split ({result.Training.TestRows.ToString(rows)} rows), which neither early stopping nor restore_best saw; validation ({result.Training.ValidationRows.ToString(rows)} rows) chose the kept epoch."
            : $"Gates, fairness and the baseline are judged on the validation split ({result.Training.ValidationRows.ToString(rows)} rows), the split that also chose the kept epoch (no test split).";
    }

    /// <summary>The gate table (failures first), shared by report.md and the pull-request comment.</summary>
    public static void AppendGateTable(StringBuilder md, IReadOnlyList<GateResult> gates)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(gates);
        if (gates.Count == 0)
        {
            md.AppendLine("No gates declared.").AppendLine();
            return;
        }
        md.AppendLine(Row(["", "gate", "split", "actual", "threshold", "where", "detail"])).AppendLine(Separator(7));
        // Failures first: the row a reviewer needs is at the top.
        foreach (var gate in gates.OrderBy(g => g.Skipped ? 2 : g.Passed ? 3 : g.Severity == Severity.Error ? 0 : 1))
        {
            var mark = gate.Skipped ? "⏭️" : gate.Passed ? "✅" : gate.Severity == Severity.Error ? "❌" : "⚠️";
            var threshold = gate.Threshold is null ? "–" : $"{Symbol(gate.Comparison)} {ReportNumbers.Value(gate.Threshold)}";
            var detail = gate.Skipped ? "skipped (no champion yet): " + Escape(gate.Message) : Escape(gate.Message);
            md.AppendLine(Row([mark, Escape(gate.Name), Escape(gate.Split ?? "–"), ReportNumbers.Value(gate.Actual), threshold, Where(gate.Location), detail]));
        }
        md.AppendLine();
    }

    /// <summary>"&gt;=" as ≥, "&lt;=" as ≤, escaped for Markdown.</summary>
    public static string Symbol(string comparison) => Escape(PlainSymbol(comparison));

    /// <summary>"&gt;=" as ≥, "&lt;=" as ≤, strict ones as they are: the symbol as text (the CLI's table).</summary>
    public static string PlainSymbol(string comparison) => comparison switch
    {
        ">=" => "≥",
        "<=" => "≤",
        _ => comparison,
    };

    /// <summary>`spec.yaml:31`: the file name and line, as a reviewer looks it up.</summary>
    public static string Where(SourceLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var file = Path.GetFileName(location.File);
        var text = location.Line > 0 ? $"{file}:{location.Line}" : file;
        return "`" + text.Replace("`", "'", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal) + "`";
    }

    private static void AppendAdvice(StringBuilder md, IReadOnlyList<string> advice)
    {
        if (advice.Count == 0)
        {
            return;
        }
        md.AppendLine("## Advice").AppendLine();
        foreach (var line in advice)
        {
            md.AppendLine($"- {Escape(line)}");
        }
        md.AppendLine();
    }
}
