namespace MlOps.Core.Data.CausalLm;

/// <summary>
/// One training example of a causal language model, as text: its segments in order, each learned
/// (completion, assistant turn) or only read (prompt, system and user turns). <see cref="Line"/> is
/// the 1-based line of the JSONL record (or the first row of a text block).
/// </summary>
public sealed record InstructionExample(IReadOnlyList<InstructionSegment> Segments, int Line)
{
    /// <summary>The 1-based column of the prompt's field in the record, for errors about it.</summary>
    public int Column { get; init; } = 1;

    /// <summary>Rendered by a chat template, which writes its own begin and end-of-turn tokens: none are added.</summary>
    public bool Templated { get; init; }

    /// <summary>What a model is given to answer: every segment before the last learned one.</summary>
    public string Prompt => string.Concat(Segments.Take(LastLearned).Select(s => s.Text));

    /// <summary>The reference answer: the last learned segment (the completion, the last assistant turn).</summary>
    public string Completion => LastLearned < Segments.Count ? Segments[LastLearned].Text : string.Empty;

    private int LastLearned
    {
        get
        {
            for (var i = Segments.Count - 1; i >= 0; i--)
            {
                if (Segments[i].Learn)
                {
                    return i;
                }
            }
            return Segments.Count;
        }
    }

    public static InstructionExample PromptCompletion(string prompt, string completion, int line, int column = 1) =>
        new([new InstructionSegment(prompt, false), new InstructionSegment(completion, true)], line) { Column = column };
}

/// <summary>A run of text in an example; <see cref="Learn"/>: its tokens are in the loss (unless training.train_on_prompt puts all in).</summary>
public readonly record struct InstructionSegment(string Text, bool Learn);
