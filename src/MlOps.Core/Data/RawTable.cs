namespace MlOps.Core.Data;

/// <summary>One data record as read: the line it starts on and its cells (null: JSON null).</summary>
internal sealed record RawRow(int Line, string?[] Cells);

/// <summary>A tabular file as read, cells still text. Views (split, dropped rows) share rows.</summary>
internal sealed class RawTable(string path, IReadOnlyList<string> columns, IReadOnlyList<RawRow> rows)
{
    public string Path { get; } = path;
    public IReadOnlyList<string> Columns { get; } = columns;
    public IReadOnlyList<RawRow> Rows { get; } = rows;

    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i], column, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    public RawTable WithRows(IReadOnlyList<RawRow> rows) => new(Path, Columns, rows);

    /// <summary>The same rows with one more column holding <paramref name="value"/> everywhere.</summary>
    public RawTable WithConstantColumn(string column, string value) =>
        new(Path, [.. Columns, column], [.. Rows.Select(r => r with { Cells = [.. r.Cells, value] })]);
}
