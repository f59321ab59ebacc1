using MlOps.Contracts.Diagnostics;
using MlOps.Text;

namespace MlOps.Core.Tests.Text;

/// <summary>Which file a folder's tokenizer comes from, and clear errors when none fits.</summary>
public sealed class TokenizerLoaderTests : IDisposable
{
    private readonly TokenizerFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public void Tokenizer_json_wins_over_vocab_txt_in_the_same_folder()
    {
        var folder = files.BertTokenizerJson("both");
        File.WriteAllText(Path.Combine(folder, "vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\n");

        var tokenizer = TokenizerLoader.Load(folder);

        Assert.EndsWith("tokenizer.json", tokenizer.Source, StringComparison.Ordinal);
        Assert.Equal(TokenizerFiles.WordPieceVocabulary.Length, tokenizer.VocabularySize);
    }

    [Fact]
    public void A_vocab_file_can_be_named_directly()
    {
        var folder = files.BertVocabTxt();

        Assert.Equal(5, TokenizerLoader.Load(Path.Combine(folder, "vocab.txt")).Encode("the", 8)[1]);
    }

    [Fact]
    public void A_folder_without_tokenizer_files_is_MLOPS230()
    {
        var folder = files.Folder("empty", ("config.json", "{}"));

        var error = Assert.Throws<MlOpsException>(() => TokenizerLoader.Load(folder));

        Assert.Equal(TextErrorCodes.TokenizerNotFound, Assert.Single(error.Diagnostics).Code);
        Assert.Contains("vocab.txt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_tokenizer_json_is_MLOPS231_at_its_line()
    {
        var folder = files.Folder("broken", ("tokenizer.json", "{\n  \"model\": {\n    \"type\": \"WordPiece\",,\n"));

        var diagnostic = Assert.Single(Assert.Throws<MlOpsException>(() => TokenizerLoader.Load(folder)).Diagnostics);

        Assert.Equal(TextErrorCodes.TokenizerUnreadable, diagnostic.Code);
        Assert.Equal(3, diagnostic.Location.Line);
    }

    [Fact]
    public void An_unsupported_model_type_names_the_type()
    {
        var folder = files.Folder("unigram", ("tokenizer.json", """{ "model": { "type": "Unigram", "vocab": { "a": 0 } } }"""));

        var error = Assert.Throws<MlOpsException>(() => TokenizerLoader.Load(folder));

        Assert.Equal(TextErrorCodes.TokenizerUnreadable, Assert.Single(error.Diagnostics).Code);
        Assert.Contains("Unigram", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vocabulary_without_cls_names_the_missing_token()
    {
        var folder = files.Folder("nocls", ("vocab.txt", "[PAD]\n[UNK]\n[SEP]\nthe\n"));

        var error = Assert.Throws<MlOpsException>(() => TokenizerLoader.Load(folder));

        Assert.Contains("[CLS]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bpe_vocab_json_without_merges_txt_says_so()
    {
        var folder = files.Folder("nomerges", ("vocab.json", """{ "<s>": 0, "</s>": 1 }"""));

        var error = Assert.Throws<MlOpsException>(() => TokenizerLoader.Load(folder));

        Assert.Contains("merges.txt", error.Message, StringComparison.Ordinal);
    }
}
