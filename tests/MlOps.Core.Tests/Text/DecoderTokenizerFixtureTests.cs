using System.Text.Json;
using MlOps.Tests.Shared;
using MlOps.Text;

namespace MlOps.Core.Tests.Text;

/// <summary>
/// Decoder tokenizers in the shapes real models ship (GPT-2 ByteLevel, Llama 3 and Qwen2 Split regex + ByteLevel,
/// Llama 2 legacy Prepend/Replace with byte fallback, Mistral-style Metaspace) give the ids Hugging Face tokenizers
/// gives. Python `tokenizers` is not installed here: the expected ids come from DecoderTokenizers/make_fixtures.py, an
/// independent Python implementation of the tokenizers pipeline for these components, which also wrote the files.
/// </summary>
public sealed class DecoderTokenizerFixtureTests
{
    private static readonly string Folder = Path.Combine(SourceTree.Root, "tests", "MlOps.Core.Tests", "Text", "DecoderTokenizers");

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var fixture in Expected().EnumerateObject())
        {
            for (var i = 0; i < fixture.Value.GetArrayLength(); i++)
            {
                data.Add(fixture.Name, i);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Encodes_and_decodes_as_hugging_face_tokenizers(string fixture, int index)
    {
        var expected = Expected().GetProperty(fixture)[index];
        var tokenizer = TokenizerLoader.Load(Path.Combine(Folder, fixture));
        var text = expected.GetProperty("text").GetString()!;
        var ids = Ids(expected, "ids");

        Assert.Equal(ids, tokenizer.EncodeContent(text));
        Assert.Equal(Ids(expected, "with_special_tokens"), tokenizer.EncodeWithSpecialTokens(text));
        Assert.Equal(expected.GetProperty("decoded").GetString(), tokenizer.Decode(ids));
        Assert.Equal(expected.GetProperty("decoded_with_special").GetString(), tokenizer.Decode(ids, skipSpecialTokens: false));
    }

    [Theory]
    [InlineData("gpt2", "<|endoftext|>", "<|endoftext|>")]
    [InlineData("llama3", "<|begin_of_text|>", "<|eot_id|>")]
    [InlineData("qwen2", null, "<|im_end|>")]
    [InlineData("llama2", "<s>", "</s>")]
    public void Bos_and_eos_come_from_tokenizer_config(string fixture, string? bos, string? eos)
    {
        var tokenizer = TokenizerLoader.Load(Path.Combine(Folder, fixture));
        var added = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, fixture, "tokenizer.json"))).RootElement.GetProperty("added_tokens")
            .EnumerateArray().ToDictionary(t => t.GetProperty("content").GetString()!, t => t.GetProperty("id").GetInt32());

        Assert.Equal(bos is null ? null : added[bos], tokenizer.BosId);
        Assert.Equal(eos is null ? null : added[eos], tokenizer.EosId);
    }

    [Fact]
    public void A_decoder_without_pad_pads_with_its_pad_token_or_else_eos()
    {
        var qwen = TokenizerLoader.Load(Path.Combine(Folder, "qwen2"));
        var llama = TokenizerLoader.Load(Path.Combine(Folder, "llama3"));

        Assert.Equal(qwen.EncodeContent("<|endoftext|>").Single(), qwen.PadId);
        Assert.Equal(llama.EosId, llama.PadId);
    }

    [Fact]
    public void Llama3_splits_digits_in_groups_of_three_and_qwen2_one_by_one()
    {
        var llama = TokenizerLoader.Load(Path.Combine(Folder, "llama3"));
        var qwen = TokenizerLoader.Load(Path.Combine(Folder, "qwen2"));

        Assert.Equal(["123", "456", "7"], llama.EncodeContent("1234567").Select(id => llama.Decode([id])));
        Assert.Equal(["1", "2", "3"], qwen.EncodeContent("123").Select(id => qwen.Decode([id])));
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama3")]
    [InlineData("qwen2")]
    [InlineData("llama2")]
    public void Text_round_trips_through_encode_and_decode(string fixture)
    {
        var tokenizer = TokenizerLoader.Load(Path.Combine(Folder, fixture));
        const string text = "Round trip: naïve café, 東京, 😀👍🏽, tabs\tand\nnewlines, 1234567.";

        Assert.Equal(text, tokenizer.Decode(tokenizer.EncodeWithSpecialTokens(text)));
    }

    private static int[] Ids(JsonElement element, string key) => [.. element.GetProperty(key).EnumerateArray().Select(i => i.GetInt32())];

    private static JsonElement Expected() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json"))).RootElement;
}
