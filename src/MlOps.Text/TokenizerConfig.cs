using System.Text.Json;

namespace MlOps.Text;

/// <summary>
/// What <c>tokenizer_config.json</c> and <c>special_tokens_map.json</c> beside a vocabulary say:
/// lowercasing, accent stripping and the special tokens' names (a token may be written as text or as
/// an object with <c>content</c>). Absent files or keys leave the values null.
/// </summary>
internal sealed record TokenizerConfig(bool? LowerCase, bool? StripAccents, IReadOnlyDictionary<string, string> TokenNames)
{
    /// <summary>add_bos_token / add_eos_token (LlamaTokenizerFast rebuilds its post-processor from them).</summary>
    public bool? AddBos { get; init; }

    public bool? AddEos { get; init; }

    /// <summary>tokenizer_class, e.g. "LlamaTokenizerFast", "Qwen2Tokenizer", "PreTrainedTokenizerFast".</summary>
    public string? TokenizerClass { get; init; }

    /// <summary>
    /// clean_up_tokenization_spaces: whether decode removes the spaces before punctuation and contractions
    /// (<see cref="TokenizationSpaces"/>). False when absent, as transformers has defaulted it since 4.45.
    /// </summary>
    public bool CleanUpTokenizationSpaces { get; init; }

    public static TokenizerConfig Read(string folder)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        bool? lower = null, strip = null, addBos = null, addEos = null, cleanUp = null;
        string? tokenizerClass = null;
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
            addBos = Bool(doc.RootElement, "add_bos_token") ?? addBos;
            addEos = Bool(doc.RootElement, "add_eos_token") ?? addEos;
            cleanUp = Bool(doc.RootElement, "clean_up_tokenization_spaces") ?? cleanUp;
            tokenizerClass = TokenizerJson.Text(doc.RootElement, "tokenizer_class") ?? tokenizerClass;
        }
        return new TokenizerConfig(lower, strip, names)
        {
            AddBos = addBos, AddEos = addEos, TokenizerClass = tokenizerClass, CleanUpTokenizationSpaces = cleanUp ?? false,
        };
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
