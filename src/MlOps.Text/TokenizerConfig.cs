using System.Text.Json;

namespace MlOps.Text;

/// <summary>
/// What <c>tokenizer_config.json</c> and <c>special_tokens_map.json</c> beside a vocabulary say:
/// lowercasing, accent stripping and the special tokens' names (a token may be written as text or as
/// an object with <c>content</c>). Absent files or keys leave the values null.
/// </summary>
internal sealed record TokenizerConfig(bool? LowerCase, bool? StripAccents, IReadOnlyDictionary<string, string> TokenNames)
{
    public static TokenizerConfig Read(string folder)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        bool? lower = null, strip = null;
        foreach (var file in new[] { "special_tokens_map.json", "tokenizer_config.json" })
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path))
            {
                continue;
            }
            using var doc = TokenizerJson.Parse(path);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw TokenizerJson.Unreadable(path, "is not a JSON object");
            }
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name.EndsWith("_token", StringComparison.Ordinal) && TokenText(property.Value) is { } text)
                {
                    names[property.Name] = text;
                }
            }
            lower = Bool(doc.RootElement, "do_lower_case") ?? lower;
            strip = Bool(doc.RootElement, "strip_accents") ?? strip;
        }
        return new TokenizerConfig(lower, strip, names);
    }

    public string? Name(string key) => TokenNames.TryGetValue(key, out var name) ? name : null;

    private static string? TokenText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Object when value.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String => content.GetString(),
        _ => null,
    };

    private static bool? Bool(JsonElement root, string key) =>
        root.TryGetProperty(key, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;
}
