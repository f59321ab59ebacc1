using MlOps.Text;

namespace MlOps.Core.Tests.Text;

/// <summary>
/// WordPiece as Hugging Face's BertTokenizer (uncased) gives it. Expected ids are derived by hand on
/// <see cref="TokenizerFiles.WordPieceVocabulary"/>: clean text, lowercase, strip accents, split on
/// whitespace and punctuation (every ASCII symbol counts), then greedy longest-match with '##'
/// continuations, a word with any unmatched piece becoming [UNK].
/// </summary>
public sealed class WordPieceTokenizerTests : IDisposable
{
    private readonly TokenizerFiles files = new();

    public void Dispose() => files.Dispose();

    public static TheoryData<string, int[]> Sentences => new()
    {
        // the quick brown fox jump ##s over the lazy dog .
        { "The quick brown fox jumps over the lazy dog.", [2, 5, 6, 7, 8, 9, 10, 12, 5, 13, 14, 15, 3] },
        // un ##want ##ed , naive cafe !   (accents stripped because the tokenizer lowercases)
        { "Unwanted, naïve CAFÉ!", [2, 19, 20, 11, 16, 28, 18, 17, 3] },
        // don ' t [UNK](pay) $ [UNK](5) + [UNK](tax) [UNK](now): ASCII symbols split, the tab is a space
        { "Don't pay $5+tax\tnow", [2, 27, 25, 26, 1, 23, 1, 24, 1, 1, 3] },
        // jump ##s then "##x" is missing: the whole word is [UNK]
        { "jumpsx", [2, 1, 3] },
        // a zero-width space is a format character, removed: "thedog" is one unknown word
        { "the\u200bdog", [2, 1, 3] },
        // line breaks and runs of spaces separate words; NUL is dropped
        { "  the\r\nlazy\u0000 dog  ", [2, 5, 13, 14, 3] },
        // CJK ideographs are words of their own (both unknown here), so "the" after them is still found
        { "你好the", [2, 1, 1, 5, 3] },
    };

    [Theory]
    [MemberData(nameof(Sentences))]
    public void Vocab_txt_gives_the_ids_hugging_face_gives(string text, int[] expected)
    {
        var tokenizer = TokenizerLoader.Load(files.BertVocabTxt());

        Assert.Equal(expected, tokenizer.Encode(text, 32)[..expected.Length]);
    }

    [Theory]
    [MemberData(nameof(Sentences))]
    public void Tokenizer_json_with_the_same_vocabulary_gives_the_same_ids(string text, int[] expected)
    {
        var tokenizer = TokenizerLoader.Load(files.BertTokenizerJson());

        Assert.Equal(TokenizerKind.WordPiece, tokenizer.Kind);
        Assert.Equal(expected, tokenizer.Encode(text, 32)[..expected.Length]);
    }

    [Fact]
    public void Special_ids_vocabulary_size_and_mask_come_from_the_vocabulary()
    {
        var tokenizer = TokenizerLoader.Load(files.BertVocabTxt());

        Assert.Equal(new SpecialTokenIds(Start: 2, End: 3, Pad: 0, Unknown: 1, Mask: 4), tokenizer.Special);
        Assert.Equal(TokenizerFiles.WordPieceVocabulary.Length, tokenizer.VocabularySize);
        Assert.Equal(4, tokenizer.MaskId);
    }

    [Fact]
    public void Do_lower_case_false_in_tokenizer_config_keeps_case_and_accents()
    {
        var tokenizer = TokenizerLoader.Load(files.BertVocabTxt("cased", """{ "do_lower_case": false }"""));

        // "The" and "café" are not in the (lowercase) vocabulary when case and accents are kept.
        Assert.Equal([2, 1, 14, 1, 3], tokenizer.Encode("The dog café", 8)[..5]);
    }

    [Fact]
    public void Long_text_keeps_its_first_tokens_between_cls_and_sep()
    {
        var tokenizer = TokenizerLoader.Load(files.BertVocabTxt());
        var ids = new float[8];

        var length = tokenizer.EncodeInto("The quick brown fox jumps over the lazy dog.", ids, out var truncated);

        Assert.True(truncated);
        Assert.Equal(8, length);
        Assert.Equal([2f, 5, 6, 7, 8, 9, 10, 3], ids);
    }

    [Fact]
    public void Short_text_is_padded_with_the_pad_id_and_reports_its_unpadded_length()
    {
        var tokenizer = TokenizerLoader.Load(files.BertVocabTxt());
        var ids = new float[8];

        var length = tokenizer.EncodeInto("the dog", ids, out var truncated);

        Assert.False(truncated);
        Assert.Equal(4, length);
        Assert.Equal([2f, 5, 14, 3, 0, 0, 0, 0], ids);
    }

    [Fact]
    public void Empty_text_is_cls_sep()
    {
        var tokenizer = TokenizerLoader.Load(files.BertVocabTxt());

        Assert.Equal([2, 3, 0, 0, 0, 0, 0, 0], tokenizer.Encode("", 8));
    }
}
