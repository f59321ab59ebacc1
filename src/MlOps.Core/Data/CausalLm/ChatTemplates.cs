using MlOps.Text;

namespace MlOps.Core.Data.CausalLm;

/// <summary>The tokenizer's chat template as a renderer of messages; null when the tokenizer has none.</summary>
internal static class ChatTemplates
{
    /// <remarks>Chat templates come with MlOps.Text's ChatTemplate (tok lane); until then messages rows are refused (MLOPS284).</remarks>
    public static InstructionFile.ChatRenderer? For(TextTokenizer tokenizer) => null;
}
