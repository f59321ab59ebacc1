using System.Text.Json;

namespace MlOps.Text.Hf;

/// <summary>
/// A SentencePiece BPE <c>tokenizer.model</c> (Llama 2's slow tokenizer, legacy) as sentencepiece encodes it: "▁" +
/// text with spaces as "▁", adjacent pieces merged while their join is a piece, highest score first and leftmost on
/// ties, unknown characters as &lt;0xXX&gt; bytes (byte_fallback) or unk. Run on <see cref="BpeModel"/> with every split
/// of every piece as a merge ranked by the piece's score (what transformers' LlamaConverter does), so ties resolve
/// leftmost as in sentencepiece; special tokens in the text are matched whole first, as transformers' slow tokenizer
/// does. Framed with bos (add_bos_token, default true) and eos (add_eos_token, default false).
/// </summary>
internal static class SentencePieceFactory
{
    public static TextTokenizer Create(string path, TokenizerConfig config)
    {
        var file = SentencePieceModelFile.Read(path);
        if (file.ModelType != SentencePieceModelFile.Bpe)
        {
            throw TokenizerJson.Unreadable(path, "is a SentencePiece Unigram model; MlOps reads SentencePiece BPE models (Llama 2, Mistral), or the tokenizer.json beside them");
        }
        if (file.NormalizerName != "identity" || file.RemoveExtraWhitespaces)
        {
            throw TokenizerJson.Unreadable(path, $"normalizes text with '{file.NormalizerName}'{(file.RemoveExtraWhitespaces ? " and collapses whitespace" : "")}; MlOps reads SentencePiece models with the identity normalizer (Llama 2, Mistral); use the tokenizer.json beside it");
        }
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < file.Pieces.Count; id++)
        {
            vocabulary.TryAdd(file.Pieces[id].Piece, id);
        }
        var modelVocabulary = vocabulary.Where(p => file.Pieces[p.Value].Type is SentencePieceModelFile.Normal or SentencePieceModelFile.Byte or SentencePieceModelFile.UserDefined)
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var unknown = file.Pieces[file.UnknownId].Piece;
        modelVocabulary[unknown] = file.UnknownId;
        var (merges, ranks) = Merges(file, modelVocabulary);
        var model = new BpeModel(modelVocabulary, merges, new BpeModel.Options(unknown, FuseUnknown: false, file.ByteFallback, IgnoreMerges: false, null, null), path, ranks);
        var added = new AddedVocabulary([.. file.Pieces.Select((p, id) => (p, id))
            .Where(x => x.p.Type is SentencePieceModelFile.Control or SentencePieceModelFile.Unknown or SentencePieceModelFile.UserDefined)
            .Select(x => new AddedToken(x.id, x.p.Piece, x.p.Type != SentencePieceModelFile.UserDefined, Normalized: false, false, false, false))]);
        var bos = config.AddBos ?? true ? new[] { file.BosId } : [];
        var eos = config.AddEos ?? false ? new[] { file.EosId } : [];
        var codec = new HfBpeCodec(
            added,
            s => s.Length == 0 ? s : (file.AddDummyPrefix ? "▁" : "") + s.Replace(" ", "▁", StringComparison.Ordinal),
            p => [p],
            model,
            new PostProcessor(bos, eos),
            Decoder(file.AddDummyPrefix, path),
            [.. file.Pieces.Select(p => (string?)p.Piece)]);
        var names = SpecialTokenNames.For(TokenizerKind.Bpe, config);
        return new TextTokenizer(codec, TokenizerKind.Bpe, names.Roles(vocabulary, config), file.Pieces.Count, path)
        {
            CleanUpTokenizationSpaces = config.CleanUpTokenizationSpaces,
        };
    }

    /// <summary>Every split of every normal piece into two pieces, ranked by the piece's score (equal scores, equal rank).</summary>
    private static (List<(string, string)> Merges, List<int> Ranks) Merges(SentencePieceModelFile file, IReadOnlyDictionary<string, int> vocabulary)
    {
        var merges = new List<(string, string, float)>();
        foreach (var (piece, score, type) in file.Pieces)
        {
            if (type != SentencePieceModelFile.Normal)
            {
                continue;
            }
            var runes = piece.EnumerateRunes().Select(r => r.ToString()).ToList();
            for (var k = 1; k < runes.Count; k++)
            {
                var left = string.Concat(runes.Take(k));
                var right = string.Concat(runes.Skip(k));
                if (vocabulary.ContainsKey(left) && vocabulary.ContainsKey(right))
                {
                    merges.Add((left, right, score));
                }
            }
        }
        var ordered = merges.OrderByDescending(m => m.Item3).ToList();
        var scores = ordered.Select(m => m.Item3).Distinct().Select((score, rank) => (score, rank)).ToDictionary(x => x.score, x => x.rank);
        return ([.. ordered.Select(m => (m.Item1, m.Item2))], [.. ordered.Select(m => scores[m.Item3])]);
    }

    private static Func<List<string>, string> Decoder(bool dummyPrefix, string path)
    {
        var steps = new List<object>
        {
            new { type = "Replace", pattern = new { String = "▁" }, content = " " },
            new { type = "ByteFallback" },
            new { type = "Fuse" },
        };
        if (dummyPrefix)
        {
            steps.Add(new { type = "Strip", content = " ", start = 1, stop = 0 });
        }
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(new { type = "Sequence", decoders = steps }));
        return HfDecoder.Create(doc.RootElement.Clone(), path);
    }
}
