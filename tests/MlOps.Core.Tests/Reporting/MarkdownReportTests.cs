using System.Text.RegularExpressions;
using MlOps.Core.Reporting;

namespace MlOps.Core.Tests.Reporting;

public sealed partial class MarkdownReportTests
{
    [Fact]
    public void The_first_line_is_the_verdict_with_counts()
    {
        var report = MarkdownReport.Render(SampleRun.Create());

        Assert.Equal("# ❌ digits: failed — 1 of 3 gates failed, 1 warning", report.Split('\n')[0]);
    }

    [Fact]
    public void The_failing_gate_row_comes_first_with_its_spec_line()
    {
        var lines = MarkdownReport.Render(SampleRun.Create()).Split('\n');

        var header = Array.FindIndex(lines, l => l.StartsWith("|  | gate |", StringComparison.Ordinal));
        var firstRow = lines[header + 2];
        Assert.StartsWith("| ❌ | accuracy min 0.95 | – | 0.874 | ≥ 0.950 |", firstRow, StringComparison.Ordinal);
        Assert.Contains("`spec.yaml:31`", firstRow, StringComparison.Ordinal);
        Assert.Contains("short by 0.076", firstRow, StringComparison.Ordinal);
        Assert.StartsWith("| ⚠️ | log\\_loss max 0.5 |", lines[header + 3], StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_labels_cannot_inject_html_links_code_or_table_columns()
    {
        var report = MarkdownReport.Render(SampleRun.Create());

        Assert.DoesNotContain("<script>", report, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", report, StringComparison.Ordinal);
        Assert.DoesNotContain("[link](", report, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;x&lt;/script&gt;\\|\\`b\\`\\[link\\]\\(http://e\\)", report, StringComparison.Ordinal);
        // Every row of the confusion-matrix table has exactly as many cell separators as its header.
        var table = report.Split('\n').SkipWhile(l => !l.StartsWith("| true", StringComparison.Ordinal)).TakeWhile(l => l.StartsWith('|')).ToList();
        Assert.Equal(4, table.Count);
        Assert.All(table, row => Assert.Equal(4, UnescapedPipe().Matches(row).Count));
    }

    [Fact]
    public void Metrics_table_shows_validation_train_baseline_and_delta()
    {
        var report = MarkdownReport.Render(SampleRun.Create());

        Assert.Contains("| accuracy | 0.874 | 0.950 | 0.800 | – | +0.074 | – |", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Fairness_table_lists_every_group_and_marks_excluded_ones()
    {
        var report = MarkdownReport.Render(SampleRun.Create());

        Assert.Contains("### sex: demographic\\_parity\\_difference = 0.250", report, StringComparison.Ordinal);
        Assert.Contains("| M | 2 | 1.000 | – | 1.000 | 0.000 | excluded: below min_group_size |", report, StringComparison.Ordinal);
        Assert.Contains("| F\\|&lt;b&gt; | 40 |", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Training_curves_are_a_mermaid_xychart_of_both_losses()
    {
        var report = MarkdownReport.Render(SampleRun.Create());

        Assert.Contains("```mermaid\nxychart-beta", report, StringComparison.Ordinal);
        Assert.Contains("x-axis \"epoch\" [1, 2, 3, 4]", report, StringComparison.Ordinal);
        Assert.Contains("line [1, 0.6, 0.4, 0.3]", report, StringComparison.Ordinal);
        Assert.Contains("line [0.9, 0.7, 0.6, 0.55]", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Confusion_matrix_rows_are_true_classes()
    {
        var report = MarkdownReport.Render(SampleRun.Create());

        Assert.Contains("| **cat** | 40 | 5 |", report, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex UnescapedPipe();
}
