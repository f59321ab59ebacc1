namespace MlOps.Core.Data.Streaming;

/// <summary>Reads a whole pass into memory, for the loaders that need every row at once (text data).</summary>
internal static class TableRowsReader
{
    public static RawTable ReadAll(TableRows rows, DataLoadOptions options, CancellationToken ct)
    {
        var pool = new FieldPool();
        var list = new List<RawRow>();
        var width = rows.Columns.Count;
        while (rows.Read())
        {
            var cells = new string?[width];
            for (var i = 0; i < width; i++)
            {
                cells[i] = rows.Text(i) is { } text ? pool.Get(text) : null;
            }
            list.Add(new RawRow(rows.Line, cells));
            if ((list.Count & 1023) == 0)
            {
                ct.ThrowIfCancellationRequested();
                options.EnsureFits(rows.Path, list.Count, width);
            }
        }
        // The in-loop check runs every 1,024 rows; a short, very wide file must not slip past it.
        options.EnsureFits(rows.Path, list.Count, width);
        return new RawTable(rows.Path, rows.Columns, list);
    }
}
