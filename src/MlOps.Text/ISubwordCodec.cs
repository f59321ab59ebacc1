namespace MlOps.Text;

/// <summary>
/// The subword step behind a <see cref="TextTokenizer"/>: text to ids without special tokens, the
/// special-token framing Hugging Face's default call adds, and ids back to text.
/// </summary>
internal interface ISubwordCodec
{
    IReadOnlyList<int> EncodeContent(string text);

    /// <summary>The ids the post-processor puts before and after the content (HF add_special_tokens=True).</summary>
    IReadOnlyList<int> Frame(IReadOnlyList<int> content);

    string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens);
}
