using System.Globalization;
using System.Text;

namespace MlOps.Core.Data;

/// <summary>
/// RFC 4180 CSV, streamed record by record: quoted fields, doubled quotes, embedded newlines,
/// CRLF/LF, a UTF-8 BOM, and ',' or ';' chosen from the header line. Blank lines are skipped.
/// </summary>
internal static class CsvReader
{
    /// <summary>The whole file as a <see cref="RawTable"/> (text data, tests); tabular loading streams <see cref="Streaming.CsvRows"/> instead.</summary>
    public static RawTable Read(string path, DataLoadOptions options, CancellationToken ct)
    {
        using var rows = Streaming.CsvRows.Open(path, ct);
        return Streaming.TableRowsReader.ReadAll(rows, options, ct);
    }

    internal static List<string> CheckHeader(string path, string?[] cells)
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
