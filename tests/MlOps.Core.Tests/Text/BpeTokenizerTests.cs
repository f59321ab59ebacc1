using MlOps.Text;

namespace MlOps.Core.Tests.Text;

/// <summary>
/// RoBERTa-style byte-level BPE: the GPT-2 pattern splits "Hello world!" into "Hello", " world", "!",
/// a space becomes 'Ġ', the merges build "Hello" and "Ġworld", and &lt;s&gt; … &lt;/s&gt; wrap the ids.
/// </summary>
public sealed class BpeTokenizerTests : IDisposable
{
    private readonly TokenizerFiles files = new();

    public void Dispose() => files.Dispose();

    public static TheoryData<string, int[]> Sentences => new()
    {
        { "Hello world!", [0, 15, 20, 21, 2] },
        // two spaces: the first stays alone ("Ġ"), the second starts " world"
        { "Hello  world", [0, 15, 8, 20, 2] },
    };

    [Theory]
    [MemberData(nameof(Sentences))]
    public void Vocab_json_and_merges_txt_give_the_ids_hugging_face_gives(string text, int[] expected)
    {
        var tokenizer = TokenizerLoader.Load(files.RobertaVocabAndMerges());

        Assert.Equal(TokenizerKind.Bpe, tokenizer.Kind);
        Assert.Equal(expected, tokenizer.Encode(text, 16)[..expected.Length]);
    }

    [Theory]
    [MemberData(nameof(Sentences))]
    public void Tokenizer_json_with_pair_merges_gives_the_same_ids(string text, int[] expected)
    {
        var tokenizer = TokenizerLoader.Load(files.RobertaTokenizerJson());

        Assert.Equal(expected, tokenizer.Encode(text, 16)[..expected.Length]);
    }

    [Fact]
    public void Pads_with_pad_and_exposes_the_mask_id()
    {
        var tokenizer = TokenizerLoader.Load(files.RobertaVocabAndMerges());

        Assert.Equal([0, 15, 2, 1, 1, 1, 1, 1], tokenizer.Encode("Hello", 8));
        Assert.Equal(new SpecialTokenIds(Start: 0, End: 2, Pad: 1, Unknown: 3, Mask: 22), tokenizer.Special);
        Assert.Equal(23, tokenizer.VocabularySize);
    }
}
