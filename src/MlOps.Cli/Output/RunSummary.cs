using System.Globalization;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using Spectre.Console;

namespace MlOps.Cli.Output;

/// <summary>The table printed at the end of `mlops run`: metrics against the baseline, gates, verdict.</summary>
internal static class RunSummary
{
    public static void Write(IAnsiConsole console, RunResult result)
    {
        // Gates read the judged split (test when there is one): it is the first column, and the baseline is on it.
        var judgedSplit = result.GatedOnSplit;
        var judged = result.Metrics.GetValueOrDefault(judgedSplit) ?? new Dictionary<string, double>();
        var metrics = new Table().Title("metrics").AddColumn("metric").AddColumn(judgedSplit).AddColumn("train").AddColumn($"baseline ({judgedSplit})");
        var train = result.Metrics.For(MetricSplit.Train);
        var baseline = result.Baseline.GetValueOrDefault(judgedSplit) ?? new Dictionary<string, double>();
        foreach (var name in Core.Reporting.ReportMetricNames.Rows(judged.Keys.Order(StringComparer.Ordinal)))
        {
            metrics.AddRow(Text(name), Format(judged, name), Format(train, name), Format(baseline, name));
        }
        if (result.Metrics.GetValueOrDefault(MetricSplit.Forgetting.Key()) is { } forgetting)
        {
            var before = result.Baseline.For(MetricSplit.Forgetting);
            foreach (var name in forgetting.Keys.Order(StringComparer.Ordinal))
            {
                metrics.AddRow(Text("original task: " + name), Format(forgetting, name), "", Format(before, name) + " (base)");
            }
        }
        console.Write(metrics);

        if (result.Gates.Count > 0)
        {
            var gates = new Table().Title("gates").AddColumn("").AddColumn("gate").AddColumn("actual").AddColumn("threshold").AddColumn("where");
            foreach (var gate in result.Gates)
            {
                gates.AddRow(gate.Skipped ? "[grey]skipped (no champion yet)[/]" : gate.Passed ? "[green]pass[/]" : gate.Severity == Severity.Error ? "[red]FAIL[/]" : "[yellow]warn[/]",
                    Text(gate.Name), Num(gate.Actual), Threshold(gate), Text($"{Path.GetFileName(gate.Location.File)}:{gate.Location.Line}"));
            }
            console.Write(gates);
        }
        foreach (var advice in result.Advice)
        {
            console.MarkupLine($"[yellow]advice:[/] {Text(advice)}");
        }
        console.MarkupLine(Text(Core.Reporting.TrainingSetupLine.Render(result)));
        var verdict = result.Verdict == RunVerdict.Passed ? "[green]PASSED[/]" : "[red]FAILED[/]";
        console.MarkupLine($"{verdict}  {Text(result.Spec.Name)}: {result.Training.EpochsRun} epochs ({JsonName.Of(result.Training.StopReason)}){Text(Core.Reporting.MarkdownReport.KeptEpochText(result.Training))}, results in {Text(Core.Reporting.ReportPaths.FromRepository(result.Outputs.Directory))}");
    }

    /// <summary>Data-derived text as Spectre markup, on one line (a label with a newline cannot start a line of its own).</summary>
    private static string Text(string text) => Markup.Escape(PrintableText.OneLine(text));

    private static string Format(IReadOnlyDictionary<string, double> values, string name) =>
        values.TryGetValue(name, out var v) ? v.ToString("F4", CultureInfo.InvariantCulture) : "";

    /// <summary>"≥ 0.9000" / "≤ 0.1000": which side passes, as in report.md.</summary>
    internal static string Threshold(GateResult gate) =>
        gate.Threshold is null ? "—" : Markup.Escape($"{Core.Reporting.MarkdownReport.PlainSymbol(gate.Comparison)} {Num(gate.Threshold)}");

    // Tiny values (an export gate's logit difference, 3.6e-07) keep their digits instead of printing 0.0000.
    private static string Num(double? value) => value is { } v && v != 0 && Math.Abs(v) < 1e-3
        ? v.ToString("G3", CultureInfo.InvariantCulture)
        : value?.ToString("F4", CultureInfo.InvariantCulture) ?? "—";
}
