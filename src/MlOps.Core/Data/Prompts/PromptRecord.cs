namespace MlOps.Core.Data.Prompts;

/// <summary>One chat message as the OpenAI shape writes it.</summary>
public sealed record PromptMessage(string Role, string Content);

/// <summary>
/// One line of a prompts file: a plain <see cref="Prompt"/>, or chat <see cref="Messages"/> that the
/// tokenizer's chat template renders. <see cref="Line"/> is the 1-based line it came from.
/// </summary>
public sealed record PromptRecord(int Line, string? Prompt, IReadOnlyList<PromptMessage>? Messages)
{
    /// <summary>What the output file repeats as "prompt": the text, or the messages.</summary>
    public bool IsChat => Messages is not null;
}
