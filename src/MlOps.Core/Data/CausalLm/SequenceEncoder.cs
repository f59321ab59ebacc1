using System.Globalization;
using MlOps.Text;

namespace MlOps.Core.Data.CausalLm;

/// <summary>
/// Examples to token sequences: each segment tokenized on its own (prompt and completion apart, as
/// TRL, Axolotl and torchtune do), begin-of-sequence before and end-of-sequence after a plain
/// example (a chat template writes its own), labels only on learned segments unless
/// <c>train_on_prompt</c>. A sequence longer than max_length keeps its first max_length tokens and
/// is counted; a prompt that alone fills max_length is an error at its record.
/// </summary>
internal sealed class SequenceEncoder(TextTokenizer tokenizer, int maxLength, bool trainOnPrompt)
{
    public int Truncated { get; private set; }

    public int Longest { get; private set; }

    /// <summary>
    /// Llama-style tokenizers start a sequence with bos; GPT-2's (bos = eos = &lt;|endoftext|&gt;) and
    /// Qwen2's (no bos) do not, as transformers' tokenizers do by default.
    /// </summary>
    private int? Bos => tokenizer.BosId is { } bos && bos != tokenizer.EosId ? bos : null;

    private int Eos => tokenizer.EosId
        ?? throw DataError.File(Text.TextErrorCodes.TokenizerNotFound, tokenizer.Source,
            "names no eos_token, which ends every causal_lm example (the model learns to stop there): set \"eos_token\" in tokenizer_config.json.");

    public TokenSequence Encode(InstructionExample example, string path)
    {
        var ids = new List<int>();
        var labels = new List<int>();
        if (!example.Templated && Bos is { } bos)
        {
            Add(ids, labels, [bos], trainOnPrompt);
        }
        int? promptTokens = null;
        foreach (var segment in example.Segments)
        {
            if (segment.Learn)
            {
                promptTokens ??= ids.Count;
            }
            Add(ids, labels, segment.Text.Length == 0 ? [] : tokenizer.EncodeContent(segment.Text), segment.Learn || trainOnPrompt);
        }
        if (!example.Templated)
        {
            Add(ids, labels, [Eos], true);
        }
        if (promptTokens >= maxLength)
        {
            throw DataError.At(CausalLmDataErrorCodes.PromptTooLong, path, example.Line, example.Column, string.Create(CultureInfo.InvariantCulture,
                $"line {example.Line}: the prompt alone is {promptTokens} tokens, and training.max_length is {maxLength}, so no completion token would be learned: raise training.max_length or shorten the prompt."));
        }
        return Cut(ids, labels, example.Line);
    }

    /// <summary>Plain text (data.text): every token learned, bos before and eos after.</summary>
    public TokenSequence EncodeText(string text, int line)
    {
        var ids = new List<int>();
        if (Bos is { } bos)
        {
            ids.Add(bos);
        }
        ids.AddRange(tokenizer.EncodeContent(text));
        ids.Add(Eos);
        return new TokenSequence([.. ids], [.. ids], line);
    }

    private TokenSequence Cut(List<int> ids, List<int> labels, int line)
    {
        Longest = Math.Max(Longest, ids.Count);
        if (ids.Count > maxLength)
        {
            Truncated++;
            return new TokenSequence([.. ids.Take(maxLength)], [.. labels.Take(maxLength)], line) { Truncated = true };
        }
        return new TokenSequence([.. ids], [.. labels], line);
    }

    private static void Add(List<int> ids, List<int> labels, IReadOnlyList<int> tokens, bool learn)
    {
        ids.AddRange(tokens);
        labels.AddRange(learn ? tokens : Enumerable.Repeat(TokenSequence.Ignore, tokens.Count));
    }
}
