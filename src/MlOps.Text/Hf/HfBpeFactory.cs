using System.Text.Json;

namespace MlOps.Text.Hf;

/// <summary>Builds a <see cref="TextTokenizer"/> from a tokenizer.json whose model is BPE (GPT-2, Llama 2/3, Qwen2, Mistral, RoBERTa).</summary>
internal static class HfBpeFactory
{
    /// <param name="vocabulary">model.vocab plus the added tokens (for the special tokens' ids and the vocabulary size).</param>
    public static TextTokenizer Create(JsonElement root, JsonElement model, Dictionary<string, int> vocabulary, List<(string, string)> merges,
        SpecialTokenNames names, TokenizerConfig config, string path)
    {
        var modelVocabulary = TokenizerJson.Vocabulary(model.GetProperty("vocab"), path);
        if (model.TryGetProperty("dropout", out var dropout) && dropout.ValueKind == JsonValueKind.Number && dropout.GetDouble() > 0)
        {
            throw TokenizerJson.Unreadable(path, "has BPE dropout set; it makes encoding random, so MlOps does not use it (set \"dropout\": null)");
        }
        var options = new BpeModel.Options(
            TokenizerJson.Text(model, "unk_token"),
            TokenizerJson.Bool(model, "fuse_unk") ?? false,
            TokenizerJson.Bool(model, "byte_fallback") ?? false,
            TokenizerJson.Bool(model, "ignore_merges") ?? false,
            NullIfEmpty(TokenizerJson.Text(model, "continuing_subword_prefix")),
            NullIfEmpty(TokenizerJson.Text(model, "end_of_word_suffix")));
        var bpe = new BpeModel(modelVocabulary, merges, options, path);
        var added = new AddedVocabulary(AddedTokens(root));
        var size = vocabulary.Values.Max() + 1;
        var tokensById = new string?[size];
        foreach (var (token, id) in modelVocabulary)
        {
            tokensById[id] = token;
        }
        foreach (var token in added.Tokens)
        {
            tokensById[token.Id] = token.Content;
        }
        var codec = new HfBpeCodec(
            added,
            HfNormalizer.Create(Part(root, "normalizer"), path),
            HfPreTokenizer.Create(Part(root, "pre_tokenizer"), path),
            bpe,
            PostProcessor.Create(root, config, vocabulary, path),
            HfDecoder.Create(Part(root, "decoder"), path),
            tokensById);
        return new TextTokenizer(codec, TokenizerKind.Bpe, names.Roles(vocabulary, config), size, path)
        {
            CleanUpTokenizationSpaces = config.CleanUpTokenizationSpaces,
        };
    }

    private static JsonElement Part(JsonElement root, string key) => root.TryGetProperty(key, out var part) ? part : default;

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static List<AddedToken> AddedTokens(JsonElement root)
    {
        if (!root.TryGetProperty("added_tokens", out var added) || added.ValueKind != JsonValueKind.Array)
        {
            return [];
        }
        return [.. added.EnumerateArray()
            .Where(t => TokenizerJson.Text(t, "content") is not null && t.TryGetProperty("id", out var id) && id.TryGetInt32(out _))
            .Select(t =>
            {
                var special = TokenizerJson.Bool(t, "special") ?? false;
                return new AddedToken(t.GetProperty("id").GetInt32(), TokenizerJson.Text(t, "content")!, special,
                    TokenizerJson.Bool(t, "normalized") ?? !special,
                    TokenizerJson.Bool(t, "lstrip") ?? false, TokenizerJson.Bool(t, "rstrip") ?? false, TokenizerJson.Bool(t, "single_word") ?? false);
            })];
    }
}
