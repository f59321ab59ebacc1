using System.Runtime.CompilerServices;
namespace MlOps.Core.Data.Streaming;

/// <summary>
/// Pass 1 of the streaming tabular loader: reads a file once into a <see cref="ScannedTable"/>.
/// Feature cells go to the spill as numbers, or as text ids where <c>textColumns</c> says so (categorical
/// columns keep their exact text: "1.50" and "1.5" are two categories). A column that turns out to hold
/// both numbers and words is scanned again as text (<see cref="Scan"/>), so that its numbers keep their text too.
/// </summary>
internal static class TableScanner
{
    public static ScannedTable Scan(Func<TableRows> open, string label, IReadOnlyList<string> features, bool[] textColumns, IReadOnlySet<string> sensitiveColumns,
        DataLoadOptions options, CancellationToken ct)
    {
        var table = ScanOnce(open, label, features, textColumns, sensitiveColumns, options, ct);
        var mixed = Enumerable.Range(0, features.Count).Where(f => !textColumns[f] && table.SawNumber[f] && table.SawText[f]).ToList();
        if (mixed.Count == 0)
        {
            return table;
        }
        table.Dispose();
        var again = (bool[])textColumns.Clone();
        mixed.ForEach(f => again[f] = true);
        return ScanOnce(open, label, features, again, sensitiveColumns, options, ct);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ScannedTable ScanOnce(Func<TableRows> open, string label, IReadOnlyList<string> features, bool[] textColumns, IReadOnlySet<string> sensitiveColumns,
        DataLoadOptions options, CancellationToken ct)
    {
        using var rows = open();
        var columns = rows.Columns;
        var labelIndex = IndexOf(columns, label);
        var featureIndices = features.Select(f => IndexOf(columns, f)).ToArray();
        var width = features.Count;
        var table = new ScannedTable(rows.Path, columns, labelIndex, featureIndices)
        {
            Spill = new CellSpill(width),
            Texts = [.. features.Select(_ => new ColumnTexts())],
            SawNumber = new bool[width],
            SawText = new bool[width],
            TextColumns = textColumns,
        };
        try
        {
            var sensitive = SensitiveLayout(columns, sensitiveColumns);
            var sensitiveRows = sensitive is null ? null : new List<RawRow>();
            var pool = new FieldPool();
            var labels = new Dictionary<string, int>(StringComparer.Ordinal);
            var lines = new GrowingArray<int>();
            var labelIds = new GrowingArray<int>();
            var missing = new GrowingArray<bool>();
            var cells = new double[width];
            var count = 0;
            while (rows.Read())
            {
                var anyMissing = false;
                for (var f = 0; f < width; f++)
                {
                    string? text = null;
                    var kind = textColumns[f] ? AsText(rows.Text(featureIndices[f]), out text) : rows.Classify(featureIndices[f], out cells[f]);
                    if (kind == CellKind.Text)
                    {
                        cells[f] = CellSpill.Text(table.Texts[f].Id(textColumns[f] ? text! : rows.Text(featureIndices[f])!.Trim()));
                        table.SawText[f] = true;
                    }
                    else if (kind == CellKind.Missing)
                    {
                        cells[f] = CellSpill.Missing;
                        anyMissing = true;
                    }
                    else
                    {
                        table.SawNumber[f] = true;
                    }
                }
                table.Spill.Write(cells);
                lines.Add(rows.Line);
                missing.Add(anyMissing);
                labelIds.Add(LabelId(rows.Text(labelIndex), labels, table.LabelNames));
                if (sensitive is not null)
                {
                    var kept = new string?[sensitive.Value.Kept.Length];
                    for (var i = 0; i < kept.Length; i++)
                    {
                        kept[i] = rows.Text(sensitive.Value.Kept[i]) is { } value ? pool.Get(value) : null;
                    }
                    sensitiveRows!.Add(new RawRow(rows.Line, kept));
                }
                // No size check here: a row costs a few bytes until it is encoded, where the in-memory limit applies.
                if ((++count & 1023) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                }
            }
            table.Count = count;
            table.Lines = lines.ToArray();
            table.LabelIds = labelIds.ToArray();
            table.FeatureMissing = missing.ToArray();
            table.Sensitive = sensitive is null ? null : new RawTable(rows.Path, columns, sensitiveRows!, sensitive.Value.CellOf);
            return table;
        }
        catch
        {
            table.Dispose();
            throw;
        }
    }

    /// <summary>The current record's text at <paramref name="line"/> (an error message quoting a cell the spill holds as a number).</summary>
    public static string CellText(Func<TableRows> open, int line, int column)
    {
        using var rows = open();
        while (rows.Read())
        {
            if (rows.Line == line)
            {
                return rows.Text(column) ?? string.Empty;
            }
        }
        return string.Empty;
    }

    private static CellKind AsText(string? cell, out string? trimmed)
    {
        trimmed = null;
        if (MissingValues.IsMissing(cell))
        {
            return CellKind.Missing;
        }
        trimmed = cell!.Trim();
        return CellKind.Text;
    }

    private static int LabelId(string? cell, Dictionary<string, int> ids, List<string> names)
    {
        if (MissingValues.IsMissing(cell))
        {
            return -1;
        }
        var label = cell!.Trim();
        if (!ids.TryGetValue(label, out var id))
        {
            id = names.Count;
            ids[label] = id;
            names.Add(label);
        }
        return id;
    }

    private static (int[] Kept, int[] CellOf)? SensitiveLayout(IReadOnlyList<string> columns, IReadOnlySet<string> sensitiveColumns)
    {
        var kept = Enumerable.Range(0, columns.Count).Where(i => sensitiveColumns.Contains(columns[i])).ToArray();
        if (sensitiveColumns.Count == 0)
        {
            return null;
        }
        var cellOf = Enumerable.Repeat(-1, columns.Count).ToArray();
        for (var i = 0; i < kept.Length; i++)
        {
            cellOf[kept[i]] = i;
        }
        return (kept, cellOf);
    }

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }
}

/// <summary>An append-only array that doubles its storage (a List without the boxing of IReadOnlyList access in hot loops).</summary>
internal sealed class GrowingArray<T>
{
    private T[] _items = new T[1024];

    public int Count { get; private set; }

    public void Add(T item)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }
        _items[Count++] = item;
    }

    public T[] ToArray() => _items.AsSpan(0, Count).ToArray();
}
