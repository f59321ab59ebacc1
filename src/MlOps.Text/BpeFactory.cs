using Microsoft.ML.Tokenizers;

namespace MlOps.Text;

/// <summary>
/// A BPE tokenizer (vocab + merges). Byte-level (RoBERTa, GPT-2) pre-tokenizes with the GPT-2 pattern
/// and maps bytes to the printable alphabet, so a space becomes 'Ġ'.
/// </summary>
internal static class BpeFactory
{
    public sealed record Settings(bool ByteLevel, bool LowerCase, string? UnknownToken, string? ContinuingSubwordPrefix, string? EndOfWordSuffix);

    public static TextTokenizer Create(Dictionary<string, int> vocabulary, IReadOnlyList<string> merges, Settings settings, SpecialTokenNames names, TokenizerConfig config, string source)
    {
        var special = names.Resolve(vocabulary, source);
        var specials = new[] { names.Start, names.End, names.Pad, names.Unknown, names.Mask }
            .Where(vocabulary.ContainsKey).Distinct().ToDictionary(n => n, n => vocabulary[n], StringComparer.Ordinal);
        var options = new BpeOptions(vocabulary)
        {
            Merges = merges,
            ByteLevel = settings.ByteLevel,
            PreTokenizer = settings.ByteLevel ? RobertaPreTokenizer.Instance : PreTokenizer.CreateWordOrNonWord(),
            Normalizer = settings.LowerCase ? new LowerCaseNormalizer() : null,
            UnknownToken = settings.UnknownToken is { } unk && vocabulary.ContainsKey(unk) ? unk : null,
            ContinuingSubwordPrefix = string.IsNullOrEmpty(settings.ContinuingSubwordPrefix) ? null : settings.ContinuingSubwordPrefix,
            EndOfWordSuffix = string.IsNullOrEmpty(settings.EndOfWordSuffix) ? null : settings.EndOfWordSuffix,
            SpecialTokens = specials,
        };
        BpeTokenizer bpe;
        try
        {
            bpe = BpeTokenizer.Create(options);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            throw TokenizerJson.Unreadable(source, $"cannot make a BPE tokenizer: {e.Message}");
        }
        var codec = new MlTokenizerCodec(bpe, s => s, () => special, WordPieceFactory.SpecialIds(names, vocabulary));
        return new TextTokenizer(codec, TokenizerKind.Bpe, names.Roles(vocabulary, config), vocabulary.Values.Max() + 1, source)
        {
            CleanUpTokenizationSpaces = config.CleanUpTokenizationSpaces,
        };
    }

    /// <summary>merges.txt: "a b" per line, after an optional "#version" line.</summary>
    public static List<string> ReadMergesFile(string path) =>
        [.. File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith("#version", StringComparison.Ordinal))];
}
