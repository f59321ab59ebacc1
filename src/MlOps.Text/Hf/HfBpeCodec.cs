namespace MlOps.Text.Hf;

/// <summary>
/// A tokenizer.json BPE tokenizer run as Hugging Face tokenizers runs it: added tokens out first (raw, then in the
/// normalized text), the normalizer on the rest, the pre-tokenizer, the BPE model per word; the post-processor frames
/// it; decode maps ids to tokens (special ones skipped on request) and runs the decoder.
/// </summary>
internal sealed class HfBpeCodec(
    AddedVocabulary added,
    Func<string, string> normalize,
    Func<Piece, IEnumerable<Piece>> preTokenize,
    BpeModel model,
    PostProcessor post,
    Func<List<string>, string> decode,
    IReadOnlyList<string?> tokensById) : ISubwordCodec
{
    private readonly HashSet<int> specialIds = [.. added.Tokens.Where(t => t.Special).Select(t => t.Id)];

    public IReadOnlyList<int> EncodeContent(string text)
    {
        var ids = new List<int>();
        foreach (var segment in added.SplitRaw(text))
        {
            if (segment.Id is { } id)
            {
                ids.Add(id);
                continue;
            }
            foreach (var inner in added.SplitNormalized(normalize(segment.Text)))
            {
                if (inner.Id is { } innerId)
                {
                    ids.Add(innerId);
                }
                else
                {
                    foreach (var word in preTokenize(new Piece(inner.Text, segment.Start == 0 && inner.Start == 0)))
                    {
                        model.Tokenize(word.Text, ids);
                    }
                }
            }
        }
        return ids;
    }

    public IReadOnlyList<int> Frame(IReadOnlyList<int> content) => post.Frame(content);

    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens)
    {
        var tokens = new List<string>(ids.Count);
        foreach (var id in ids)
        {
            if ((skipSpecialTokens && specialIds.Contains(id)) || id >= tokensById.Count || tokensById[id] is not { } token)
            {
                continue;
            }
            tokens.Add(token);
        }
        return decode(tokens);
    }
}
