using System.Text.Json;
using MlOps.Contracts.Diagnostics;

namespace MlOps.Text;

/// <summary>Reads tokenizer JSON files; errors name the file, and the line and column for bad JSON.</summary>
internal static class TokenizerJson
{
    public static JsonDocument Parse(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            var column = (int)(e.BytePositionInLine ?? 0) + 1;
            throw new MlOpsException(Diagnostic.Error(TextErrorCodes.TokenizerUnreadable,
                $"tokenizer file '{path}' is not valid JSON: {e.Message}", new SourceLocation(path, line, column)));
        }
    }

    public static MlOpsException Unreadable(string path, string message) =>
        new(Diagnostic.Error(TextErrorCodes.TokenizerUnreadable, $"tokenizer file '{path}' {message}", SourceLocation.None(path)));

    /// <summary>A {"token": id} object (vocab.json, tokenizer.json's model.vocab).</summary>
    public static Dictionary<string, int> Vocabulary(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Unreadable(path, "has a vocabulary that is not a {\"token\": id} object");
        }
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in element.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var id) || id < 0)
            {
                throw Unreadable(path, $"maps token '{entry.Name}' to {entry.Value.GetRawText()}, not a non-negative integer id");
            }
            vocab[entry.Name] = id;
        }
        return vocab.Count > 0 ? vocab : throw Unreadable(path, "has an empty vocabulary");
    }

    public static string? Text(JsonElement element, string key) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool? Bool(JsonElement element, string key) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(key, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;

    /// <summary>The element and, for a "Sequence", each of its parts (normalizers, pre-tokenizers).</summary>
    public static IEnumerable<JsonElement> Flatten(JsonElement element, string listKey)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }
        yield return element;
        if (element.TryGetProperty(listKey, out var parts) && parts.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in parts.EnumerateArray().SelectMany(p => Flatten(p, listKey)))
            {
                yield return part;
            }
        }
    }
}
