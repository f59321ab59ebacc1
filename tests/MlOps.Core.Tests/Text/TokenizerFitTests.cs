using MlOps.Contracts.Diagnostics;
using MlOps.Tests.Shared;
using MlOps.Text;

namespace MlOps.Core.Tests.Text;

/// <summary>A tokenizer with ids beyond the model's vocab_size is MLOPS380 at the spec's base entry; a smaller one (Qwen2 pads its table) is fine.</summary>
public sealed class TokenizerFitTests
{
    private static readonly string Folder = Path.Combine(SourceTree.Root, "tests", "MlOps.Core.Tests", "Text", "DecoderTokenizers", "qwen2");

    [Fact]
    public void A_model_with_a_larger_embedding_table_fits()
    {
        var tokenizer = TokenizerLoader.Load(Folder);

        TokenizerFit.Check(tokenizer, tokenizer.VocabularySize + 64, "config.json", new SourceLocation("spec.yaml", 3, 3));
    }

    [Fact]
    public void Special_tokens_beyond_vocab_size_are_MLOPS380_at_the_base_entry()
    {
        var tokenizer = TokenizerLoader.Load(Folder);
        var at = new SourceLocation("spec.yaml", 3, 3);

        var diagnostic = Assert.Single(Assert.Throws<MlOpsException>(() => TokenizerFit.Check(tokenizer, tokenizer.VocabularySize - 2, "config.json", at)).Diagnostics);

        Assert.Equal(TokenizerModelErrorCodes.VocabularyBeyondModel, diagnostic.Code);
        Assert.Equal(at, diagnostic.Location);
        Assert.Contains($"eos id {tokenizer.EosId}", diagnostic.Message, StringComparison.Ordinal);
    }
}
