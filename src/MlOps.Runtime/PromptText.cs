using MlOps.Contracts.Export;
using MlOps.Text;

namespace MlOps.Runtime;

/// <summary>
/// A language model's prompts and continuations as text, with the exported tokenizer: the prompt framed
/// as Hugging Face's default call frames it (bos for Llama, nothing for GPT-2 and Qwen2), the new tokens
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

    public IReadOnlyList<int> Encode(string prompt) => tokenizer.EncodeWithSpecialTokens(prompt);

    public string Decode(IReadOnlyList<int> ids) => tokenizer.Decode(ids, skipSpecialTokens: true);
}
