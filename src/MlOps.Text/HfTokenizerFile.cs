using System.Text.Json;
using MlOps.Text.Hf;

namespace MlOps.Text;

/// <summary>
/// A Hugging Face <c>tokenizer.json</c> (the "fast" tokenizer file): model WordPiece or BPE, its
/// vocabulary and merges, lowercasing from the normalizer, byte-level from the pre-tokenizer, the
/// [CLS]/[SEP] pair from the post-processor, and the added (special) tokens.
/// </summary>
internal static class HfTokenizerFile
{
    public static TextTokenizer Load(string path, TokenizerConfig config)
    {
        using var doc = TokenizerJson.Parse(path);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
        {
            throw TokenizerJson.Unreadable(path, "has no \"model\" object; it is not a Hugging Face tokenizer.json");
        }
        if (!model.TryGetProperty("vocab", out var vocabElement))
        {
            throw TokenizerJson.Unreadable(path, "has no model.vocab");
        }
        var vocabulary = TokenizerJson.Vocabulary(vocabElement, path);
        AddAddedTokens(root, vocabulary);
        var type = TokenizerJson.Text(model, "type") ?? (model.TryGetProperty("merges", out _) ? "BPE" : "WordPiece");
        var normalizers = root.TryGetProperty("normalizer", out var normalizer) ? TokenizerJson.Flatten(normalizer, "normalizers").ToList() : [];
        var bert = normalizers.FirstOrDefault(n => TokenizerJson.Text(n, "type") == "BertNormalizer");
        var lowerCase = (bert.ValueKind == JsonValueKind.Object ? TokenizerJson.Bool(bert, "lowercase") : null)
            ?? normalizers.Any(n => TokenizerJson.Text(n, "type") == "Lowercase");
        switch (type)
        {
            case "WordPiece":
            {
                var names = WithPostProcessor(root, SpecialTokenNames.For(TokenizerKind.WordPiece, config), TokenizerJson.Text(model, "unk_token"));
                var strip = bert.ValueKind == JsonValueKind.Object ? TokenizerJson.Bool(bert, "strip_accents") : normalizers.Any(n => TokenizerJson.Text(n, "type") == "StripAccents") ? true : null;
                return WordPieceFactory.Create(WordPieceFactory.ById(vocabulary), lowerCase, strip, names, config, path);
            }
            case "BPE":
            {
                var names = WithPostProcessor(root, SpecialTokenNames.For(TokenizerKind.Bpe, config), TokenizerJson.Text(model, "unk_token"));
                return HfBpeFactory.Create(root, model, vocabulary, Merges(model, path), names, config, path);
            }
            default:
                throw TokenizerJson.Unreadable(path, $"uses model type '{type}'; MlOps reads WordPiece (BERT family) and BPE (RoBERTa, GPT-2) tokenizers");
        }
    }

    private static void AddAddedTokens(JsonElement root, Dictionary<string, int> vocabulary)
    {
        if (!root.TryGetProperty("added_tokens", out var added) || added.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        foreach (var token in added.EnumerateArray())
        {
            if (TokenizerJson.Text(token, "content") is { } content && token.TryGetProperty("id", out var id) && id.TryGetInt32(out var value))
            {
                vocabulary.TryAdd(content, value);
            }
        }
    }

    /// <summary>BertProcessing/RobertaProcessing name cls and sep; TemplateProcessing's single template names them first and last.</summary>
    private static SpecialTokenNames WithPostProcessor(JsonElement root, SpecialTokenNames names, string? unknown)
    {
        names = unknown is null ? names : names with { Unknown = unknown };
        if (!root.TryGetProperty("post_processor", out var post) || post.ValueKind != JsonValueKind.Object)
        {
            return names;
        }
        if (post.TryGetProperty("cls", out var cls) && post.TryGetProperty("sep", out var sep)
            && cls.ValueKind == JsonValueKind.Array && sep.ValueKind == JsonValueKind.Array
            && cls[0].GetString() is { } start && sep[0].GetString() is { } end)
        {
            return names with { Start = start, End = end };
        }
        if (post.TryGetProperty("single", out var single) && single.ValueKind == JsonValueKind.Array)
        {
            var specials = single.EnumerateArray()
                .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("SpecialToken", out _))
                .Select(p => TokenizerJson.Text(p.GetProperty("SpecialToken"), "id"))
                .OfType<string>().ToList();
            if (specials.Count >= 2)
            {
                return names with { Start = specials[0], End = specials[^1] };
            }
        }
        return names;
    }

    /// <summary>Merges as "a b" strings (older files) or ["a", "b"] pairs (newer ones).</summary>
    private static List<(string Left, string Right)> Merges(JsonElement model, string path)
    {
        if (!model.TryGetProperty("merges", out var merges) || merges.ValueKind != JsonValueKind.Array)
        {
            throw TokenizerJson.Unreadable(path, "has a BPE model without a merges list");
        }
        return [.. merges.EnumerateArray().Select(m => m.ValueKind switch
        {
            JsonValueKind.String when m.GetString()!.Split(' ') is [var left, var right] => (left, right),
            JsonValueKind.Array when m.GetArrayLength() == 2 => (m[0].GetString()!, m[1].GetString()!),
            _ => throw TokenizerJson.Unreadable(path, $"has a merge {m.GetRawText()} that is neither \"a b\" nor [\"a\", \"b\"]"),
        })];
    }
}
