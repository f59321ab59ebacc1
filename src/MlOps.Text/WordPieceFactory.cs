using System.Text;
using Microsoft.ML.Tokenizers;

namespace MlOps.Text;

/// <summary>
/// A BERT WordPiece tokenizer over a vocabulary whose line number is the id: Hugging Face's basic
/// step (<see cref="BertBasicTokenizer"/>; HF strips accents whenever it lowercases, unless
/// strip_accents says otherwise), then the library's WordPiece.
/// </summary>
internal static class WordPieceFactory
{
    public static TextTokenizer Create(IReadOnlyList<string> tokensById, bool lowerCase, bool? stripAccents, SpecialTokenNames names, TokenizerConfig config, string source)
    {
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < tokensById.Count; id++)
        {
            vocabulary.TryAdd(tokensById[id], id); // HF keeps the first of duplicate lines too
        }
        var special = names.Resolve(vocabulary, source);
        var options = new BertOptions
        {
            // BertBasicTokenizer does the basic step as HF does; the library does WordPiece on its words.
            LowerCaseBeforeTokenization = false,
            ApplyBasicTokenization = false,
            UnknownToken = names.Unknown,
            ClassificationToken = names.Start,
            SeparatorToken = names.End,
            PaddingToken = vocabulary.ContainsKey(names.Pad) ? names.Pad : names.End,
            MaskingToken = vocabulary.ContainsKey(names.Mask) ? names.Mask : names.End,
        };
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', tokensById) + "\n"));
        BertTokenizer bert;
        try
        {
            bert = BertTokenizer.Create(stream, options);
        }
        catch (ArgumentException e)
        {
            throw TokenizerJson.Unreadable(source, $"cannot make a WordPiece tokenizer: {e.Message}");
        }
        var basic = new BertBasicTokenizer(lowerCase, stripAccents ?? lowerCase);
        var codec = new MlTokenizerCodec(bert, basic.Split, () => special, SpecialIds(names, vocabulary));
        return new TextTokenizer(codec, TokenizerKind.WordPiece, names.Roles(vocabulary, config), tokensById.Count, source)
        {
            CleanUpTokenizationSpaces = config.CleanUpTokenizationSpaces,
        };
    }

    /// <summary>The ids decode skips: the named special tokens that the vocabulary has.</summary>
    public static HashSet<int> SpecialIds(SpecialTokenNames names, IReadOnlyDictionary<string, int> vocabulary) =>
        [.. new[] { names.Start, names.End, names.Pad, names.Unknown, names.Mask }.Where(vocabulary.ContainsKey).Select(n => vocabulary[n])];

    /// <summary>vocab.txt: one token per line, the line number (from 0) is its id.</summary>
    public static List<string> ReadVocabFile(string path)
    {
        var lines = File.ReadAllLines(path, new UTF8Encoding(false, throwOnInvalidBytes: true)).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }
        return lines.Count > 0 ? lines : throw TokenizerJson.Unreadable(path, "is empty; a WordPiece vocab.txt holds one token per line");
    }

    /// <summary>Ids → tokens; ids the vocabulary skips get placeholders that no text can produce.</summary>
    public static List<string> ById(IReadOnlyDictionary<string, int> vocabulary)
    {
        var tokens = Enumerable.Range(0, vocabulary.Values.Max() + 1).Select(i => $"[unused-id-{i}]").ToList();
        foreach (var (token, id) in vocabulary)
        {
            tokens[id] = token;
        }
        return tokens;
    }
}
