using MlOps.Contracts.Diagnostics;

namespace MlOps.Text;

/// <summary>WordPiece (BERT family) or byte-level / plain BPE (RoBERTa, GPT-2 family).</summary>
public enum TokenizerKind { WordPiece, Bpe }

/// <summary>
/// A Hugging Face tokenizer as a model sees it: text to ids with the special tokens around them
/// (<c>[CLS] … [SEP]</c>, <c>&lt;s&gt; … &lt;/s&gt;</c>, or a decoder's bos), truncated to a maximum length
/// and padded with the pad id, and ids back to text. Built by <see cref="TokenizerLoader"/>.
/// </summary>
public sealed class TextTokenizer
{
    private readonly ISubwordCodec codec;
    private readonly SpecialTokenIds? special;
    private readonly string? specialProblem;
    private readonly int? pad;

    internal TextTokenizer(ISubwordCodec codec, TokenizerKind kind, SpecialRoles roles, int vocabularySize, string source)
    {
        this.codec = codec;
        Kind = kind;
        special = roles.Ids;
        specialProblem = roles.Problem;
        BosId = roles.Bos;
        EosId = roles.Eos;
        pad = roles.Pad;
        Tokens = roles.Tokens;
        VocabularySize = vocabularySize;
        Source = source;
    }

    public TokenizerKind Kind { get; }

    /// <summary>
    /// Ids of the special tokens a sequence classifier frames text with (start, end, pad, unknown, mask).
    /// A decoder tokenizer without a start or end token (Qwen2 has no bos) throws MLOPS231 here, not at load.
    /// </summary>
    public SpecialTokenIds Special => special ?? throw TokenizerJson.Unreadable(Source, specialProblem ?? "has no special tokens");

    /// <summary>Largest id + 1: the size a model's embedding table needs.</summary>
    public int VocabularySize { get; }

    /// <summary>The file the vocabulary came from, for messages and provenance.</summary>
    public string Source { get; }

    /// <summary>
    /// The pad id: pad_token when the vocabulary has it; otherwise the end token (eos), as decoders such as
    /// GPT-2 and Llama ship without a pad token and are padded with eos under an attention mask.
    /// </summary>
    public int PadId => special?.Pad ?? pad ?? EosId ?? throw TokenizerJson.Unreadable(Source, "has neither a pad nor an eos token to pad with; set \"pad_token\" in tokenizer_config.json");

    /// <summary>[MASK] / &lt;mask&gt; for masked-language-model pretraining; null when the vocabulary has none.</summary>
    public int? MaskId => special?.Mask;

    /// <summary>bos_token's id (tokenizer_config.json, special_tokens_map.json); null when the tokenizer names none (Qwen2, BERT).</summary>
    public int? BosId { get; }

    /// <summary>eos_token's id (tokenizer_config.json, special_tokens_map.json); null when the tokenizer names none (BERT).</summary>
    public int? EosId { get; }

    /// <summary>The special tokens' text by role (bos_token, eos_token, pad_token, unk_token, …), as chat templates see them.</summary>
    public IReadOnlyDictionary<string, string> Tokens { get; }

    /// <summary>The subword ids of <paramref name="text"/> without special tokens added (HF <c>add_special_tokens=False</c>); special tokens written in the text are still matched whole.</summary>
    public IReadOnlyList<int> EncodeContent(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return codec.EncodeContent(text);
    }

    /// <summary>As Hugging Face's default call: the content framed by the post-processor (bos for Llama, nothing for GPT-2 and Qwen2, [CLS] … [SEP] for BERT).</summary>
    public IReadOnlyList<int> EncodeWithSpecialTokens(string text) => codec.Frame(EncodeContent(text));

    /// <summary>
    /// Whether <see cref="Decode"/> removes the spaces before punctuation and contractions, as transformers does when
    /// tokenizer_config.json sets clean_up_tokenization_spaces (false when it does not).
    /// </summary>
    public bool CleanUpTokenizationSpaces { get; internal init; }

    /// <summary>Ids back to text, as transformers' decode: Hugging Face tokenizers' decode, then clean_up_tokenization_spaces when the tokenizer sets it.</summary>
    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var id in ids)
        {
            if (id < 0 || id >= VocabularySize)
            {
                throw new MlOpsException(Diagnostic.Error(TextErrorCodes.TokenizerMismatch,
                    $"token id {id} is outside the vocabulary of '{Source}' (0..{VocabularySize - 1}); decode ids with the tokenizer that produced them", SourceLocation.None(Source)));
            }
        }
        var text = codec.Decode(ids, skipSpecialTokens);
        return CleanUpTokenizationSpaces ? TokenizationSpaces.CleanUp(text) : text;
    }

    /// <summary>
    /// Writes start + content + end into <paramref name="destination"/> (its length is max_length),
    /// keeping the first tokens when the text is too long (Hugging Face's default truncation), and pads
    /// the rest with the pad id. Returns the length before padding.
    /// </summary>
    public int EncodeInto(string text, Span<float> destination, out bool truncated)
    {
        if (destination.Length < 2)
        {
            throw new ArgumentException("max_length must leave room for the two special tokens", nameof(destination));
        }
        var ids = Special;
        var content = EncodeContent(text);
        var room = destination.Length - 2;
        truncated = content.Count > room;
        var kept = Math.Min(content.Count, room);
        destination[0] = ids.Start;
        for (var i = 0; i < kept; i++)
        {
            destination[i + 1] = content[i];
        }
        destination[kept + 1] = ids.End;
        destination[(kept + 2)..].Fill(ids.Pad);
        return kept + 2;
    }

    /// <summary>As <see cref="EncodeInto"/>, into a new array of <paramref name="maxLength"/> ids.</summary>
    public int[] Encode(string text, int maxLength)
    {
        var buffer = new float[maxLength];
        EncodeInto(text, buffer, out _);
        return [.. buffer.Select(f => (int)f)];
    }
}

/// <summary>The special token ids; Start/End are [CLS]/[SEP] for WordPiece, &lt;s&gt;/&lt;/s&gt; for BPE.</summary>
public sealed record SpecialTokenIds(int Start, int End, int Pad, int Unknown, int? Mask);

/// <summary>What the loader resolved: the classifier's ids (or why there are none), bos/eos, and the role → token text map.</summary>
internal sealed record SpecialRoles(SpecialTokenIds? Ids, string? Problem, int? Bos, int? Eos, int? Pad, IReadOnlyDictionary<string, string> Tokens);
