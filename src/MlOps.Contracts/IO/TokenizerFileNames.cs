namespace MlOps.Contracts.IO;

/// <summary>
/// The vocabulary files that make a folder a tokenizer folder, in the order a loader prefers them:
/// shared by the spec language (fingerprints), the tokenizer (MlOps.Text) and the runtime.
/// </summary>
public static class TokenizerFileNames
{
    /// <summary>tokenizer.json (Hugging Face "fast"), vocab.txt (WordPiece), vocab.json (+ merges.txt: BPE), tokenizer.model (SentencePiece).</summary>
    public static readonly IReadOnlyList<string> Vocabularies = ["tokenizer.json", "vocab.txt", "vocab.json", "tokenizer.model"];

    /// <summary>Files that go with a vocabulary: BPE merges and the configs that set casing and special tokens.</summary>
    public static readonly IReadOnlyList<string> Companions = ["merges.txt", "tokenizer_config.json", "special_tokens_map.json", "chat_template.jinja"];
}
