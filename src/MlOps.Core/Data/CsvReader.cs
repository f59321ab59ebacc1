using System.Globalization;
using System.Text;

namespace MlOps.Core.Data;

/// <summary>
/// RFC 4180 CSV, streamed record by record: quoted fields, doubled quotes, embedded newlines,
/// CRLF/LF, a UTF-8 BOM, and ',' or ';' chosen from the header line. Blank lines are skipped.
/// </summary>
internal static class CsvReader
{
    public static RawTable Read(string path, DataLoadOptions options, CancellationToken ct)
    {
        var delimiter = DetectDelimiter(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var parser = new CsvRecordParser(reader, delimiter, path, ct);
        var header = parser.Next() ?? throw DataError.File(DataErrorCodes.Empty, path, "the file is empty: a CSV needs a header line with the column names.");
        var columns = CheckHeader(path, header.Cells);
        var rows = new List<RawRow>();
        while (parser.Next() is { } record)
        {
            if (record.Cells.Length != columns.Count)
            {
                throw DataError.At(DataErrorCodes.CsvMalformed, path, record.Line, Math.Min(record.Cells.Length, columns.Count) + 1, string.Create(CultureInfo.InvariantCulture,
                    $"row at line {record.Line} has {record.Cells.Length} fields, the header has {columns.Count} ('{(char)delimiter}'-separated). Quote fields that contain '{(char)delimiter}' or line breaks."));
            }
            rows.Add(record);
            if ((rows.Count & 1023) == 0)
            {
                ct.ThrowIfCancellationRequested();
                options.EnsureFits(path, rows.Count, columns.Count);
            }
        }
        // The in-loop check runs every 1,024 rows; a short, very wide file must not slip past it.
        options.EnsureFits(path, rows.Count, columns.Count);
        return new RawTable(path, columns, rows);
    }

    private static List<string> CheckHeader(string path, string?[] cells)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var columns = new List<string>(cells.Length);
        for (var i = 0; i < cells.Length; i++)
        {
            var name = cells[i]!.Trim();
            if (name.Length == 0)
            {
                throw DataError.At(DataErrorCodes.CsvMalformed, path, 1, i + 1, string.Create(CultureInfo.InvariantCulture, $"header column #{i + 1} has no name; every column needs one."));
            }
            if (!seen.Add(name))
            {
                throw DataError.At(DataErrorCodes.CsvMalformed, path, 1, i + 1, $"header names column '{name}' twice; rename one of them.");
            }
            columns.Add(name);
        }
        return columns;
    }

    /// <summary>';' when the header line has more semicolons than commas outside quotes, else ','.</summary>
    internal static char DetectDelimiter(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var line = reader.ReadLine() ?? string.Empty;
        int commas = 0, semicolons = 0;
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"') { quoted = !quoted; }
            else if (!quoted && c == ',') { commas++; }
            else if (!quoted && c == ';') { semicolons++; }
        }
        return semicolons > commas ? ';' : ',';
    }
}
