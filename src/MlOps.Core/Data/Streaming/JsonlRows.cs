using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MlOps.Core.Data.Streaming;

/// <summary>
/// JSON Lines, one object per <see cref="Read"/>: columns are the first object's keys; a later object
/// may omit keys (missing values) but not add new ones. Numbers keep their text, booleans become
/// "true"/"false", null is a missing value.
/// </summary>
internal sealed class JsonlRows : TableRows
{
    private readonly StreamReader _reader;
    private readonly CancellationToken _ct;
    private readonly List<string> _columns;
    private readonly Dictionary<string, int> _index;
    private string?[] _cells;
    private string?[]? _pending;
    private int _pendingLine;
    private int _lineNumber;
    private int _rows;

    private JsonlRows(string path, CancellationToken ct)
    {
        Path = path;
        _ct = ct;
        _reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        // The first object names the columns: read it now, hand it out on the first Read.
        while (_reader.ReadLine() is { } line)
        {
            _lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            using var doc = Parse(line);
            _columns = [.. doc.RootElement.EnumerateObject().Select(p => p.Name)];
            _index = _columns.Select((c, i) => (c, i)).GroupBy(p => p.c, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
            _cells = new string?[_columns.Count];
            _pending = ToCells(doc.RootElement);
            _pendingLine = _lineNumber;
            return;
        }
        _reader.Dispose();
        throw DataError.File(DataErrorCodes.Empty, path, "the file holds no JSON objects; write one object per line.");
    }

    public static TableRows Open(string path, CancellationToken ct) => new JsonlRows(path, ct);

    public override string Path { get; }

    public override IReadOnlyList<string> Columns => _columns;

    public override int Line => _pendingLine;

    public override bool Read()
    {
        if (_pending is not null)
        {
            _cells = _pending;
            _pending = null;
            return true;
        }
        while (_reader.ReadLine() is { } line)
        {
            _lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            if ((++_rows & 1023) == 0)
            {
                _ct.ThrowIfCancellationRequested();
            }
            using var doc = Parse(line);
            _pendingLine = _lineNumber;
            _cells = ToCells(doc.RootElement);
            return true;
        }
        return false;
    }

    public override string? Text(int column) => _cells[column];

    public override void Dispose() => _reader.Dispose();

    private JsonDocument Parse(string text)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            var column = (int)(e.BytePositionInLine ?? 0) + 1;
            throw DataError.At(DataErrorCodes.JsonlMalformed, Path, _lineNumber, column, $"line {_lineNumber} is not valid JSON: {e.Message}");
        }
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = doc.RootElement.ValueKind;
            doc.Dispose();
            throw DataError.At(DataErrorCodes.JsonlMalformed, Path, _lineNumber, 1, $"line {_lineNumber} is a JSON {kind}, not an object: each line must be one {{\"column\": value, ...}} object.");
        }
        return doc;
    }

    private string?[] ToCells(JsonElement obj)
    {
        var cells = new string?[_columns.Count];
        foreach (var property in obj.EnumerateObject())
        {
            if (!_index.TryGetValue(property.Name, out var index))
            {
                throw DataError.At(DataErrorCodes.JsonlMalformed, Path, _lineNumber, 1, string.Create(CultureInfo.InvariantCulture,
                    $"line {_lineNumber} has key '{property.Name}' that the first object (the schema) lacks; columns are: {string.Join(", ", _columns)}."));
            }
            cells[index] = property.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number => property.Value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => throw DataError.At(DataErrorCodes.JsonlMalformed, Path, _lineNumber, index + 1,
                    $"line {_lineNumber}, key '{property.Name}' holds a JSON {property.Value.ValueKind}; only numbers, strings, booleans and null are data values."),
            };
        }
        return cells;
    }
}
