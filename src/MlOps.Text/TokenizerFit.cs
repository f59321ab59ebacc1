using MlOps.Contracts.Diagnostics;

namespace MlOps.Text;

/// <summary>
/// Whether a tokenizer can feed a model: every id it can produce (vocabulary, added and special tokens)
/// must be below the model's vocab_size. A smaller tokenizer is fine (Qwen2 pads its embedding table).
/// </summary>
public static class TokenizerFit
{
    /// <summary>Throws MLOPS380 at <paramref name="at"/> (the spec's base entry, or config.json) when the tokenizer outgrows the model.</summary>
    public static void Check(TextTokenizer tokenizer, int modelVocabularySize, string configPath, SourceLocation at)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var roles = new (string Name, int? Id)[] { ("bos", tokenizer.BosId), ("eos", tokenizer.EosId) };
        var outside = roles.Where(r => r.Id >= modelVocabularySize).Select(r => $"{r.Name} id {r.Id}").ToList();
        if (tokenizer.VocabularySize > modelVocabularySize || outside.Count > 0)
        {
            var what = outside.Count > 0 ? string.Join(", ", outside) : $"ids up to {tokenizer.VocabularySize - 1}";
            throw new MlOpsException(Diagnostic.Error(TokenizerModelErrorCodes.VocabularyBeyondModel,
                $"the tokenizer '{tokenizer.Source}' has {what}, but '{configPath}' gives the model vocab_size {modelVocabularySize}: "
                + "use the tokenizer that came with the checkpoint (same folder), or a checkpoint whose embeddings cover the tokenizer", at));
        }
    }
}
