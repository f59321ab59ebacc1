using Microsoft.ML.Tokenizers;

namespace MlOps.Text;

/// <summary>WordPiece (BERT family) or byte-level / plain BPE (RoBERTa, GPT-2 family).</summary>
public enum TokenizerKind { WordPiece, Bpe }

/// <summary>
/// A Hugging Face tokenizer as a model sees it: text to ids with the special tokens around them
/// (<c>[CLS] … [SEP]</c> or <c>&lt;s&gt; … &lt;/s&gt;</c>), truncated to a maximum length and padded with
/// the pad id. Built by <see cref="TokenizerLoader"/>; the subword work is Microsoft.ML.Tokenizers'.
/// </summary>
public sealed class TextTokenizer
{
    private readonly Tokenizer inner;
    private readonly Func<string, string> prepare;

    internal TextTokenizer(Tokenizer inner, TokenizerKind kind, SpecialTokenIds special, int vocabularySize, string source, Func<string, string>? prepare = null)
    {
        this.inner = inner;
        this.prepare = prepare ?? (s => s);
        Kind = kind;
        Special = special;
        VocabularySize = vocabularySize;
        Source = source;
    }

    public TokenizerKind Kind { get; }

    /// <summary>Ids of the special tokens (start, end, pad, unknown, mask).</summary>
    public SpecialTokenIds Special { get; }

    /// <summary>Largest id + 1: the size a model's embedding table needs.</summary>
    public int VocabularySize { get; }

    /// <summary>The file the vocabulary came from, for messages and provenance.</summary>
    public string Source { get; }

    public int PadId => Special.Pad;

    /// <summary>[MASK] / &lt;mask&gt; for masked-language-model pretraining; null when the vocabulary has none.</summary>
    public int? MaskId => Special.Mask;

    /// <summary>The subword ids of <paramref name="text"/>, without special tokens.</summary>
    public IReadOnlyList<int> EncodeContent(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return inner.EncodeToIds(prepare(text), considerPreTokenization: true, considerNormalization: true);
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
        var content = EncodeContent(text);
        var room = destination.Length - 2;
        truncated = content.Count > room;
        var kept = Math.Min(content.Count, room);
        destination[0] = Special.Start;
        for (var i = 0; i < kept; i++)
        {
            destination[i + 1] = content[i];
        }
        destination[kept + 1] = Special.End;
        destination[(kept + 2)..].Fill(Special.Pad);
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
