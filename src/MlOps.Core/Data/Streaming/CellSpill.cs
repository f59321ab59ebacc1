using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MlOps.Core.Data.Streaming;

/// <summary>
/// The feature cells of a scanned file as doubles, row after row, in a temporary file deleted on
/// close: numbers as parsed, a missing cell and a text cell (its id in the column's
/// <see cref="ColumnTexts"/>) as NaN payloads. The fit and encode passes read it instead of parsing
/// the file again, and it lives in the page cache, not in the process's memory.
/// </summary>
internal sealed class CellSpill : IDisposable
{
    private const long Nan = 0x7FF0_0000_0000_0000;
    private const long MissingBits = Nan | (2L << 48);
    private const long TextTag = Nan | (1L << 48);
    private readonly FileStream _file;

    public CellSpill(int width)
    {
        Width = width;
        _file = TempFile.Open($"mlops-cells-{Guid.NewGuid():N}.bin", FileOptions.SequentialScan);
    }

    public int Width { get; }

    public long Rows { get; private set; }

    public static double Missing => BitConverter.Int64BitsToDouble(MissingBits);

    public static double Text(int id) => BitConverter.Int64BitsToDouble(TextTag | (uint)id);

    /// <summary>Missing, a number (never NaN) or text with its id.</summary>
    public static CellKind Decode(double cell, out int textId)
    {
        textId = -1;
        if (!double.IsNaN(cell))
        {
            return CellKind.Number;
        }
        var bits = BitConverter.DoubleToInt64Bits(cell);
        if (bits == MissingBits)
        {
            return CellKind.Missing;
        }
        textId = (int)(uint)bits;
        return CellKind.Text;
    }

    public void Write(ReadOnlySpan<double> row)
    {
        _file.Write(MemoryMarshal.AsBytes(row));
        Rows++;
    }

    /// <summary>Calls <paramref name="each"/> with every row in file order (row index, cells).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ForEach(RowAction each, CancellationToken ct)
    {
        _file.Flush();
        _file.Position = 0;
        var rowsPerBlock = Math.Max(1, (1 << 20) / (Width * sizeof(double)));
        var block = new double[rowsPerBlock * Width];
        var bytes = MemoryMarshal.AsBytes(block.AsSpan());
        long row = 0;
        while (row < Rows)
        {
            ct.ThrowIfCancellationRequested();
            var count = (int)Math.Min(rowsPerBlock, Rows - row);
            _file.ReadExactly(bytes[..(count * Width * sizeof(double))]);
            for (var i = 0; i < count; i++)
            {
                each((int)(row + i), block.AsSpan(i * Width, Width));
            }
            row += count;
        }
        _file.Position = _file.Length;
    }

    public void Dispose() => _file.Dispose();

    public delegate void RowAction(int row, ReadOnlySpan<double> cells);
}

/// <summary>The distinct text values (trimmed) of one feature column in one file, by id, and whether each parses as a number.</summary>
internal sealed class ColumnTexts
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    public List<string> Values { get; } = [];

    /// <summary>double.TryParse succeeded (the value may be infinite or NaN: "-NaN", "Infinity").</summary>
    public List<bool> Parses { get; } = [];

    public List<double> Numbers { get; } = [];

    public int Id(string trimmed)
    {
        if (_ids.TryGetValue(trimmed, out var id))
        {
            return id;
        }
        id = Values.Count;
        _ids[trimmed] = id;
        Values.Add(trimmed);
        Parses.Add(double.TryParse(trimmed, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x));
        Numbers.Add(x);
        return id;
    }
}
