using System.Globalization;
using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Globbing;
using MlOps.Specs.Model;

namespace MlOps.Core.Data;

/// <summary>
/// The group of each row for every sensitive attribute. Plain column: the value itself. Bins
/// (upper-exclusive cut points c1 &lt; c2 …): "&lt;c1", "[c1,c2)", …, "&gt;=cN" — so [25] gives
/// "&lt;25" and "&gt;=25". One-hot: the group whose glob-matched column holds 1. A missing value,
/// a non-number under bins, or no hot column gives "unknown".
/// </summary>
internal static class SensitiveGroups
{
    public const string Unknown = "unknown";

    /// <param name="required">Training/validation: a missing source column is an error; forgetting data: the attribute is skipped.</param>
    public static Dictionary<string, string[]> Compute(RawTable table, IReadOnlyList<SensitiveAttributeSpec> attributes, bool required)
    {
        var groups = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            var values = attribute.OneHot.Count > 0 ? FromOneHot(table, attribute, required) : FromColumn(table, attribute, required);
            if (values is not null)
            {
                groups[attribute.Name] = values;
            }
        }
        return groups;
    }

    private static string[]? FromColumn(RawTable table, SensitiveAttributeSpec attribute, bool required)
    {
        var column = attribute.Column ?? attribute.Name;
        var index = table.IndexOf(column);
        if (index < 0)
        {
            return required ? throw Missing(table, attribute, $"column '{column}'") : null;
        }
        var bins = attribute.Bins.Order().ToArray();
        return [.. table.Rows.Select(row => MissingValues.IsMissing(row.Cells[index]) ? Unknown
            : bins.Length == 0 ? row.Cells[index]!.Trim()
            : EncoderFitter.TryParse(row.Cells[index]!, out var x) ? BinName(bins, x) : Unknown)];
    }

    private static string[]? FromOneHot(RawTable table, SensitiveAttributeSpec attribute, bool required)
    {
        var members = attribute.OneHot
            .Select(g => (Group: g.Key, Columns: Enumerable.Range(0, table.Columns.Count).Where(i => NameGlob.IsMatch(g.Value, table.Columns[i])).ToArray()))
            .ToList();
        if (members.All(m => m.Columns.Length == 0))
        {
            return required ? throw Missing(table, attribute, $"columns matching {string.Join(", ", attribute.OneHot.Values)}") : null;
        }
        return [.. table.Rows.Select(row => members.FirstOrDefault(m => m.Columns.Any(i => IsOne(row.Cells[i]))).Group ?? Unknown)];
    }

    private static bool IsOne(string? cell) => cell is not null && EncoderFitter.TryParse(cell, out var x) && x == 1;

    internal static string BinName(double[] cuts, double x)
    {
        var f = CultureInfo.InvariantCulture;
        if (x < cuts[0]) { return string.Create(f, $"<{cuts[0]}"); }
        for (var i = 1; i < cuts.Length; i++)
        {
            if (x < cuts[i]) { return string.Create(f, $"[{cuts[i - 1]},{cuts[i]})"); }
        }
        return string.Create(f, $">={cuts[^1]}");
    }

    private static MlOpsException Missing(RawTable table, SensitiveAttributeSpec attribute, string what) =>
        DataError.File(DataErrorCodes.SensitiveColumnMissing, table.Path,
            $"sensitive attribute '{attribute.Name}' reads {what}, which the file lacks. Columns are: {string.Join(", ", table.Columns)}.");
}
