using MlOps.Contracts.Export;
using MlOps.Text;

namespace MlOps.Runtime;

/// <summary>
/// A language model's prompts and continuations as text, with the exported tokenizer: the prompt framed
/// as training framed it (bos for Llama, nothing for GPT-2 and Qwen2), the new tokens
/// decoded without special tokens.
/// </summary>
internal sealed class PromptText
{
    private readonly TextTokenizer tokenizer;

    public PromptText(TextPreprocessing text, string folder)
    {
        var file = text.TokenizerFiles.Count > 0 ? Path.Combine(folder, text.TokenizerFiles[0]) : null;
        if (file is null || !File.Exists(file))
        {
            throw ModelSource.Incompatible(folder, $"its tokenizer file {(file is null ? "is not named in model.json" : $"'{Path.GetFileName(file)}' is missing")}; copy the whole exported folder");
        }
        tokenizer = TokenizerLoader.Load(file);
    }

    /// <summary>
    /// As a causal_lm run framed its prompts (Core's InstructionPrompts): bos first when the tokenizer has one that
    /// is not also its eos, then the content. The post-processor's framing agrees for Llama 3 and SentencePiece
    /// tokenizers, but a tokenizer.json without one would otherwise lose the bos the model was trained with.
    /// </summary>
    public IReadOnlyList<int> Encode(string prompt) =>
        tokenizer.BosId is { } bos && bos != tokenizer.EosId ? [bos, .. tokenizer.EncodeContent(prompt)] : tokenizer.EncodeContent(prompt);

    public string Decode(IReadOnlyList<int> ids) => tokenizer.Decode(ids, skipSpecialTokens: true);
}
