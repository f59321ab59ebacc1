using MlOps.Text;

namespace MlOps.Core.Data.CausalLm;

/// <summary>The tokenizer's chat template as a renderer of messages, read when the first messages record needs it.</summary>
internal static class ChatTemplates
{
    /// <remarks>A tokenizer without a template fails there (MLOPS381), at that record's line.</remarks>
    public static InstructionFile.ChatRenderer For(TextTokenizer tokenizer)
    {
        ChatTemplate? template = null;
        return (messages, addGenerationPrompt) =>
        {
            template ??= ChatTemplate.Load(Directory.Exists(tokenizer.Source) ? tokenizer.Source : Path.GetDirectoryName(Path.GetFullPath(tokenizer.Source))!);
            return template.Render(messages, addGenerationPrompt);
        };
    }
}
