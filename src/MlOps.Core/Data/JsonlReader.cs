using System.Globalization;
using System.Text.Json;

namespace MlOps.Core.Data;

/// <summary>
/// JSON Lines: one flat object per line. Columns are the first object's keys; a later object may
/// omit keys (missing values) but not add new ones. Numbers keep their text, booleans become
/// "true"/"false", null is a missing value.
/// </summary>
internal static class JsonlReader
{
    public static RawTable Read(string path, DataLoadOptions options, CancellationToken ct)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        List<string>? columns = null;
        var rows = new List<RawRow>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            using var doc = Parse(path, lineNumber, line);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw DataError.At(DataErrorCodes.JsonlMalformed, path, lineNumber, 1, $"line {lineNumber} is a JSON {doc.RootElement.ValueKind}, not an object: each line must be one {{\"column\": value, ...}} object.");
            }
            columns ??= [.. doc.RootElement.EnumerateObject().Select(p => p.Name)];
            rows.Add(new RawRow(lineNumber, ToCells(path, lineNumber, doc.RootElement, columns)));
            if ((rows.Count & 1023) == 0)
            {
                ct.ThrowIfCancellationRequested();
                options.EnsureFits(path, rows.Count, columns.Count);
            }
        }
        if (columns is null)
        {
            throw DataError.File(DataErrorCodes.Empty, path, "the file holds no JSON objects; write one object per line.");
        }
        // The in-loop check runs every 1,024 rows; a short, very wide file must not slip past it.
        options.EnsureFits(path, rows.Count, columns.Count);
        return new RawTable(path, columns, rows);
    }

    private static JsonDocument Parse(string path, int line, string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            var column = (int)(e.BytePositionInLine ?? 0) + 1;
            throw DataError.At(DataErrorCodes.JsonlMalformed, path, line, column, $"line {line} is not valid JSON: {e.Message}");
        }
    }

    private static string?[] ToCells(string path, int line, JsonElement obj, List<string> columns)
    {
        var cells = new string?[columns.Count];
        foreach (var property in obj.EnumerateObject())
        {
            var index = columns.IndexOf(property.Name);
            if (index < 0)
            {
                throw DataError.At(DataErrorCodes.JsonlMalformed, path, line, 1, string.Create(CultureInfo.InvariantCulture,
                    $"line {line} has key '{property.Name}' that the first object (the schema) lacks; columns are: {string.Join(", ", columns)}."));
            }
            cells[index] = property.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number => property.Value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => throw DataError.At(DataErrorCodes.JsonlMalformed, path, line, index + 1,
                    $"line {line}, key '{property.Name}' holds a JSON {property.Value.ValueKind}; only numbers, strings, booleans and null are data values."),
            };
        }
        return cells;
    }
}
