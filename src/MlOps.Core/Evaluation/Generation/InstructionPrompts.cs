using MlOps.Core.Data.CausalLm;
using MlOps.Text;

namespace MlOps.Core.Evaluation.Generation;

/// <summary>
/// The prompt of an instruction example as token ids, exactly as training saw it before the answer
/// (the data stage's SequenceEncoder): bos first for a plain example when the tokenizer has one that is not
/// also its eos (GPT-2's is), then each segment before the last learned one tokenized on its own.
/// </summary>
public static class InstructionPrompts
{
    public static IReadOnlyList<int> Encode(InstructionExample example, TextTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(tokenizer);
        var ids = new List<int>();
        if (!example.Templated && tokenizer.BosId is { } bos && bos != tokenizer.EosId)
        {
            ids.Add(bos);
        }
        var last = LastLearned(example);
        foreach (var segment in example.Segments.Take(last))
        {
            if (segment.Text.Length > 0)
            {
                ids.AddRange(tokenizer.EncodeContent(segment.Text));
            }
        }
        return ids;
    }

    private static int LastLearned(InstructionExample example)
    {
        for (var i = example.Segments.Count - 1; i >= 0; i--)
        {
            if (example.Segments[i].Learn)
            {
                return i;
            }
        }
        return example.Segments.Count;
    }
}
