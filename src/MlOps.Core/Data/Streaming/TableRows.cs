using System.Globalization;

namespace MlOps.Core.Data.Streaming;

/// <summary>What a cell holds, as the tabular encoder sees it.</summary>
internal enum CellKind { Missing, Number, Text }

/// <summary>
/// One forward pass over a table's records, one record at a time: the contract a table format
/// implements to stream (docs/extending.md, "A data format"). Nothing of a record outlives the next
/// <see cref="Read"/>, so a pass holds one record, not the file. A second pass opens the file again.
/// </summary>
internal abstract class TableRows : IDisposable
{
    public abstract string Path { get; }

    /// <summary>The column names, in file order (read on open).</summary>
    public abstract IReadOnlyList<string> Columns { get; }

    /// <summary>Moves to the next record; false at the end. Malformed records throw MlOpsException naming file, line and column.</summary>
    public abstract bool Read();

    /// <summary>The 1-based line where the current record starts (for errors and predictions.csv).</summary>
    public abstract int Line { get; }

    /// <summary>The current record's cell as text, untrimmed; null: a JSON null.</summary>
    public abstract string? Text(int column);

    /// <summary>
    /// Missing (empty, NA, NaN, null), a number (invariant culture, as <see cref="double.TryParse(string?, NumberStyles, IFormatProvider?, out double)"/> with
    /// <see cref="NumberStyles.Float"/>, possibly infinite, never NaN) or other text. Formats that hold bytes override it to skip making a string.
    /// </summary>
    public virtual CellKind Classify(int column, out double number) => ClassifyText(Text(column), out number);

    public static CellKind ClassifyText(string? cell, out double number)
    {
        number = 0;
        if (MissingValues.IsMissing(cell))
        {
            return CellKind.Missing;
        }
        return double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && !double.IsNaN(number) ? CellKind.Number : CellKind.Text;
    }

    public virtual void Dispose()
    {
    }
}

/// <summary>A table already in memory (a format that only implements <c>TableFormatLoader.Read</c>) as one pass.</summary>
internal sealed class RawTableRows(RawTable table) : TableRows
{
    private int _index = -1;

    public override string Path => table.Path;

    public override IReadOnlyList<string> Columns => table.Columns;

    public override bool Read() => ++_index < table.Rows.Count;

    public override int Line => table.Rows[_index].Line;

    public override string? Text(int column) => table.Rows[_index].Cells[column];
}
