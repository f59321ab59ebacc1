using System.Globalization;
using System.Text;
using MlOps.Core.Data;
using MlOps.Core.Evaluation;

namespace MlOps.Core.Pipeline;

/// <summary>
/// predictions.csv: one row per scored row, so an auditor can recompute every metric and fairness
/// value (with scikit-learn or Fairlearn) without rebuilding the model. Columns: split, row (0-based
/// within the split), source_line (the 1-based line where the record starts in its file; empty for
/// IDX), true_label, predicted_label (argmax, ties to the lowest class index, as every metric reads
/// it), probability_&lt;class&gt; per class, and sensitive_&lt;attribute&gt; per sensitive attribute
/// (the group; empty where the value was missing and missing: drop left the row out of the checks).
/// RFC 4180 quoting; numbers in invariant culture, round-trip precision.
/// </summary>
internal static class PredictionsExport
{
    public static string Write(string path, string split, Predictions predictions, int[]? sourceLines) =>
        Write(path, [(split, predictions, sourceLines)]);

    /// <summary>One file for several splits of the same classes and attributes, in the order given.</summary>
    public static string Write(string path, IReadOnlyList<(string Split, Predictions Predictions, int[]? SourceLines)> splits)
    {
        var first = splits[0].Predictions;
        var attributes = first.Groups.Keys.Order(StringComparer.Ordinal).ToList();
        var csv = new StringBuilder();
        IEnumerable<string> header = ["split", "row", "source_line", "true_label", "predicted_label",
            .. first.Classes.Select(c => $"probability_{c}"), .. attributes.Select(a => $"sensitive_{a}")];
        csv.AppendLine(string.Join(",", header.Select(Field)));
        foreach (var (split, predictions, lines) in splits)
        {
            AppendRows(csv, split, predictions, lines?.Length == predictions.Rows ? lines : null, attributes);
        }
        Contracts.Results.OutputLayout.WriteAtomically(path, csv.ToString());
        return path;
    }

    private static void AppendRows(StringBuilder csv, string split, Predictions predictions, int[]? sourceLines, List<string> attributes)
    {
        var f = CultureInfo.InvariantCulture;
        for (var i = 0; i < predictions.Rows; i++)
        {
            IEnumerable<string> cells = [split, i.ToString(f), sourceLines is null ? "" : sourceLines[i].ToString(f),
                predictions.Classes[(int)predictions.Labels[i]], predictions.Classes[predictions.Predicted(i)],
                .. Enumerable.Range(0, predictions.ClassCount).Select(c => predictions.Probability(i, c).ToString("R", f)),
                .. attributes.Select(a => predictions.Groups[a][i] is var g && ReferenceEquals(g, SensitiveGroups.Dropped) ? "" : g)];
            csv.AppendLine(string.Join(",", cells.Select(Field)));
        }
    }

    /// <summary>Quoted when it holds a comma, quote, line break or leading/trailing space; quotes doubled.</summary>
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])))
            ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : value;
}
