using System.Globalization;
using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Globbing;
using MlOps.Specs.Model;

namespace MlOps.Core.Data;

/// <summary>
/// The group of each row for every sensitive attribute. Plain column: the value itself. Bins
/// (upper-exclusive cut points c1 &lt; c2 …): "&lt;c1", "[c1,c2)", …, "&gt;=cN" — so [25] gives
/// "&lt;25" and "&gt;=25". One-hot: the group whose glob-matched column holds 1. A missing value
/// (empty, NA, NaN, null; under one_hot: no hot column) follows data.sensitive[].missing and is never
/// merged with a literal value such as "unknown".
/// </summary>
internal static class SensitiveGroups
{
    /// <summary>The group of rows whose value is missing, under missing: group.</summary>
    public const string MissingGroup = "(missing)";

    /// <summary>
    /// Marks a row left out of this attribute's bias checks (missing: drop). Compared by reference,
    /// so no value read from a file can ever equal it.
    /// </summary>
    public static readonly string Dropped = new(['(', 'd', 'r', 'o', 'p', 'p', 'e', 'd', ')']);

    /// <param name="required">Training/validation: a missing source column is an error; forgetting data: the attribute is skipped.</param>
    /// <param name="warnings">Where settings that do not fit the data are reported (once, for the training split); null: not reported.</param>
    public static Dictionary<string, string[]> Compute(RawTable table, IReadOnlyList<SensitiveAttributeSpec> attributes, bool required, ICollection<Diagnostic>? warnings = null)
    {
        var groups = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            var values = attribute.OneHot.Count > 0 ? FromOneHot(table, attribute, required, warnings) : FromColumn(table, attribute, required, warnings);
            if (values is not null)
            {
                groups[attribute.Name] = values;
            }
        }
        return groups;
    }

    private static string[]? FromColumn(RawTable table, SensitiveAttributeSpec attribute, bool required, ICollection<Diagnostic>? warnings)
    {
        var column = attribute.Column ?? attribute.Name;
        var index = table.IndexOf(column);
        if (index < 0)
        {
            return required ? throw Missing(table, attribute, $"column '{column}'") : null;
        }
        var bins = attribute.Bins.Order().ToArray();
        if (bins.Length > 0 && IsText(table, index))
        {
            warnings?.Add(Diagnostic.Warning(DataErrorCodes.SensitiveSettingMisfit,
                $"sensitive attribute '{attribute.Name}' sets bins, but column '{column}' holds text, not numbers: bins are ignored and its values are the groups",
                attribute.Location ?? SourceLocation.None(table.Path)));
            bins = [];
        }
        var result = new string[table.Rows.Count];
        for (var r = 0; r < result.Length; r++)
        {
            var row = table.Rows[r];
            var cell = table.Cell(row, index);
            result[r] = MissingValues.IsMissing(cell) ? OnMissing(table, attribute, row.Line, index)
                : bins.Length == 0 ? Literal(table, attribute, row.Line, index, cell!.Trim())
                : double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? BinName(bins, x)
                : throw DataError.Cell(DataErrorCodes.NotNumeric, table.Path, row.Line, table.Columns, index,
                    $"'{cell!.Trim()}' is not a number, but sensitive attribute '{attribute.Name}' cuts this column into bins. Fix the value, or leave the cell empty to count it as missing.");
        }
        return result;
    }

    private static string[]? FromOneHot(RawTable table, SensitiveAttributeSpec attribute, bool required, ICollection<Diagnostic>? warnings)
    {
        var members = attribute.OneHot
            .Select(g => (Group: g.Key, Columns: Enumerable.Range(0, table.Columns.Count).Where(i => NameGlob.IsMatch(g.Value, table.Columns[i])).ToArray()))
            .ToList();
        if (members.All(m => m.Columns.Length == 0))
        {
            return required ? throw Missing(table, attribute, $"columns matching {string.Join(", ", attribute.OneHot.Values)}") : null;
        }
        WarnOverlaps(table, attribute, members, warnings);
        var first = members.First(m => m.Columns.Length > 0).Columns[0];
        return [.. table.Rows.Select(row => members.FirstOrDefault(m => m.Columns.Any(i => IsOne(table.Cell(row, i)))).Group
            ?? OnMissing(table, attribute, row.Line, first))];
    }

    /// <summary>A column two groups' globs both match makes its rows belong to whichever group is listed first: say so at the spec line.</summary>
    private static void WarnOverlaps(RawTable table, SensitiveAttributeSpec attribute, List<(string Group, int[] Columns)> members, ICollection<Diagnostic>? warnings)
    {
        if (warnings is null)
        {
            return;
        }
        foreach (var column in members.SelectMany(m => m.Columns).Distinct())
        {
            var owners = members.Where(m => m.Columns.Contains(column)).Select(m => m.Group).ToList();
            if (owners.Count > 1)
            {
                warnings.Add(Diagnostic.Warning(DataErrorCodes.SensitiveSettingMisfit,
                    $"sensitive attribute '{attribute.Name}': column '{table.Columns[column]}' matches the one_hot globs of groups {string.Join(", ", owners.Select(o => $"'{o}'"))}; a row hot there counts as '{owners[0]}'. Make the globs disjoint",
                    attribute.Location ?? SourceLocation.None(table.Path)));
            }
        }
    }

    private static string OnMissing(RawTable table, SensitiveAttributeSpec attribute, int line, int index) => attribute.Missing switch
    {
        SensitiveMissingPolicy.Group => MissingGroup,
        SensitiveMissingPolicy.Drop => Dropped,
        _ => throw DataError.Cell(DataErrorCodes.MissingValue, table.Path, line, table.Columns, index,
            $"sensitive attribute '{attribute.Name}' has no value here (empty, NA, NaN, null{(attribute.OneHot.Count > 0 ? ", or no hot one_hot column" : "")}). Fill it in, or set its missing: group (own group \"{MissingGroup}\") or missing: drop (left out of its bias checks)."),
    };

    /// <summary>Under missing: group, a literal "(missing)" would merge with the missing rows: refuse it.</summary>
    private static string Literal(RawTable table, SensitiveAttributeSpec attribute, int line, int index, string value) =>
        attribute.Missing == SensitiveMissingPolicy.Group && string.Equals(value, MissingGroup, StringComparison.Ordinal)
            ? throw DataError.Cell(DataErrorCodes.SensitiveSettingMisfit, table.Path, line, table.Columns, index,
                $"the value '{MissingGroup}' is also the name missing: group gives rows without a value; rename the value, or use missing: error or drop.")
            : value;

    /// <summary>No present value parses as a number.</summary>
    private static bool IsText(RawTable table, int index) =>
        table.Rows.Select(r => table.Cell(r, index)).Where(c => !MissingValues.IsMissing(c)).All(c => !double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        && table.Rows.Any(r => !MissingValues.IsMissing(table.Cell(r, index)));

    private static bool IsOne(string? cell) => cell is not null && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) && x == 1;

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
