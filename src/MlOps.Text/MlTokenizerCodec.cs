using Microsoft.ML.Tokenizers;

namespace MlOps.Text;

/// <summary>
/// WordPiece and vocab.json/merges.txt BPE through Microsoft.ML.Tokenizers, framed as BERT/RoBERTa
/// frame a single sequence: start + content + end.
/// </summary>
internal sealed class MlTokenizerCodec(Tokenizer inner, Func<string, string> prepare, Func<SpecialTokenIds> special, IReadOnlySet<int> specialIds) : ISubwordCodec
{
    public IReadOnlyList<int> EncodeContent(string text) =>
        inner.EncodeToIds(prepare(text), considerPreTokenization: true, considerNormalization: true);

    public IReadOnlyList<int> Frame(IReadOnlyList<int> content) => [special().Start, .. content, special().End];

    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens) =>
        inner.Decode(skipSpecialTokens ? ids.Where(id => !specialIds.Contains(id)) : ids) ?? "";
}
