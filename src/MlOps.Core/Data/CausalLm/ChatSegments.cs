namespace MlOps.Core.Data.CausalLm;

/// <summary>
/// A conversation as learned and read segments: the template renders the messages before each
/// assistant turn with the generation prompt, then through that turn; what the second adds to the
/// first is the turn's learned text (the template's own end-of-turn tokens included). Text the
/// template puts between turns is read only.
/// </summary>
internal static class ChatSegments
{
    public static InstructionExample Split(IReadOnlyList<MlOps.Text.ChatMessage> messages, InstructionFile.ChatRenderer render, string path, int line, int column)
    {
        var segments = new List<InstructionSegment>();
        var done = string.Empty;
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i].Role != "assistant")
            {
                continue;
            }
            var prompt = render([.. messages.Take(i)], true);
            var through = render([.. messages.Take(i + 1)], false);
            if (!prompt.StartsWith(done, StringComparison.Ordinal) || !through.StartsWith(prompt, StringComparison.Ordinal))
            {
                throw DataError.At(CausalLmDataErrorCodes.BadField, path, line, column,
                    $"line {line}: the chat template renders the conversation's turns differently depending on what follows them, so the assistant's tokens cannot be told apart; write the rows as {{\"prompt\", \"completion\"}}.");
            }
            segments.Add(new InstructionSegment(prompt[done.Length..], false));
            segments.Add(new InstructionSegment(through[prompt.Length..], true));
            done = through;
        }
        return new InstructionExample(segments, line) { Column = column, Templated = true };
    }
}
