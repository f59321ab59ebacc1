using System.Text;
using System.Text.Json;

namespace MlOps.Core.Data.Prompts;

/// <summary>
/// Where each value sits in one JSON line, as 1-based character columns keyed by path
/// (<c>"messages/1/role"</c>), so an error points at the value that is wrong, not at the line's start.
/// </summary>
internal sealed class JsonLinePositions
{
    private readonly Dictionary<string, int> columns = new(StringComparer.Ordinal);

    /// <summary>Reads a line that already parsed as JSON.</summary>
    public JsonLinePositions(byte[] line)
    {
        var reader = new Utf8JsonReader(line);
        var path = new List<string>();
        var arrayCounters = new Stack<int?>();
        string? name = null;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                name = reader.GetString();
                continue;
            }
            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                arrayCounters.Pop();
                if (path.Count > 0)
                {
                    path.RemoveAt(path.Count - 1);
                }
                continue;
            }
            if (arrayCounters.Count > 0)
            {
                var counter = arrayCounters.Pop();
                var step = counter is { } index ? (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : name ?? "";
                arrayCounters.Push(counter is { } i ? i + 1 : null);
                path.Add(step);
            }
            columns[string.Join('/', path)] = ColumnOf(line, reader.TokenStartIndex);
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                arrayCounters.Push(reader.TokenType == JsonTokenType.StartArray ? -1 : null);
            }
            else if (path.Count > 0)
            {
                path.RemoveAt(path.Count - 1);
            }
        }
    }

    /// <summary>The column of the value at <paramref name="path"/>, else of its nearest enclosing value found, else 1.</summary>
    public int Of(string path)
    {
        while (true)
        {
            if (columns.TryGetValue(path, out var column))
            {
                return column;
            }
            var cut = path.LastIndexOf('/');
            if (cut < 0)
            {
                return columns.GetValueOrDefault("", 1);
            }
            path = path[..cut];
        }
    }

    /// <summary>1-based character column of a byte offset in a UTF-8 line.</summary>
    public static int ColumnOf(byte[] line, long byteOffset) =>
        Encoding.UTF8.GetCharCount(line, 0, (int)Math.Clamp(byteOffset, 0, line.Length)) + 1;
}
