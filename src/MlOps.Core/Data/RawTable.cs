namespace MlOps.Core.Data;

/// <summary>One data record as read: the line it starts on and its cells (null: JSON null).</summary>
internal sealed record RawRow(int Line, string?[] Cells);

/// <summary>
/// A tabular file as read, cells still text. Views (split, dropped rows) share rows. With
/// <paramref name="cellOf"/>, rows hold only some columns (the streaming loader keeps the sensitive
/// ones): cellOf[column] is the cell's position in a row, -1 where it was not kept. Read cells
/// through <see cref="Cell"/> so that both kinds work.
/// </summary>
internal sealed class RawTable(string path, IReadOnlyList<string> columns, IReadOnlyList<RawRow> rows, int[]? cellOf = null)
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

    public string? Cell(RawRow row, int column) => cellOf is null ? row.Cells[column] : row.Cells[cellOf[column]];

    public RawTable WithRows(IReadOnlyList<RawRow> rows) => new(Path, Columns, rows, cellOf);

    /// <summary>The same rows with one more column holding <paramref name="value"/> everywhere.</summary>
    public RawTable WithConstantColumn(string column, string value) =>
        new(Path, [.. Columns, column], [.. Rows.Select(r => r with { Cells = [.. r.Cells, value] })]);
}
