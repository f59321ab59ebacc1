using System.Text;
using System.Text.Json;

namespace MlOps.Core.Tests.Text;

/// <summary>
/// Tiny tokenizer folders in the Hugging Face layouts, written by the tests: a BERT-uncased-style
/// WordPiece vocabulary (vocab.txt or tokenizer.json) and a RoBERTa-style byte-level BPE one
/// (vocab.json + merges.txt or tokenizer.json). Expected ids in the tests are derived by hand from
/// Hugging Face's algorithms on these vocabularies.
/// </summary>
internal sealed class TokenizerFiles : IDisposable
{
    /// <summary>Line number = id, as in a real vocab.txt.</summary>
    public static readonly string[] WordPieceVocabulary =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "quick", "brown", "fox", "jump",      // 0-9
        "##s", "##ed", "over", "lazy", "dog", ".", ",", "!", "cafe", "un",                        // 10-19
        "##want", "want", "a", "$", "+", "'", "t", "don", "naive",                                // 20-28
    ];

    public static readonly Dictionary<string, int> BpeVocabulary = new()
    {
        ["<s>"] = 0, ["<pad>"] = 1, ["</s>"] = 2, ["<unk>"] = 3, ["H"] = 4, ["e"] = 5, ["l"] = 6, ["o"] = 7,
        ["Ġ"] = 8, ["w"] = 9, ["r"] = 10, ["d"] = 11, ["He"] = 12, ["ll"] = 13, ["Hell"] = 14, ["Hello"] = 15,
        ["Ġw"] = 16, ["or"] = 17, ["Ġwor"] = 18, ["Ġworl"] = 19, ["Ġworld"] = 20, ["!"] = 21, ["<mask>"] = 22,
    };

    public static readonly string[] BpeMerges = ["H e", "l l", "He ll", "Hell o", "Ġ w", "o r", "Ġw or", "Ġwor l", "Ġworl d"];

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "mlops-tokenizers-" + Guid.NewGuid().ToString("N"));

    public string Folder(string name, params (string File, string Content)[] files)
    {
        var folder = Path.Combine(Root, name);
        Directory.CreateDirectory(folder);
        foreach (var (file, content) in files)
        {
            File.WriteAllText(Path.Combine(folder, file), content, new UTF8Encoding(false));
        }
        return folder;
    }

    public string BertVocabTxt(string name = "bert", string? tokenizerConfig = null) =>
        tokenizerConfig is null
            ? Folder(name, ("vocab.txt", string.Join('\n', WordPieceVocabulary) + "\n"))
            : Folder(name, ("vocab.txt", string.Join('\n', WordPieceVocabulary) + "\n"), ("tokenizer_config.json", tokenizerConfig));

    public string BertTokenizerJson(string name = "bert-fast") => Folder(name, ("tokenizer.json", JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["version"] = "1.0",
        ["added_tokens"] = new[] { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]" }.Select((t, i) => new { id = i, content = t, special = true }),
        ["normalizer"] = new { type = "BertNormalizer", clean_text = true, handle_chinese_chars = true, strip_accents = (bool?)null, lowercase = true },
        ["pre_tokenizer"] = new { type = "BertPreTokenizer" },
        ["post_processor"] = new Dictionary<string, object>
        {
            ["type"] = "TemplateProcessing",
            ["single"] = new object[]
            {
                new { SpecialToken = new { id = "[CLS]", type_id = 0 } },
                new { Sequence = new { id = "A", type_id = 0 } },
                new { SpecialToken = new { id = "[SEP]", type_id = 0 } },
            },
        },
        ["model"] = new Dictionary<string, object>
        {
            ["type"] = "WordPiece",
            ["unk_token"] = "[UNK]",
            ["continuing_subword_prefix"] = "##",
            ["max_input_chars_per_word"] = 100,
            ["vocab"] = WordPieceVocabulary.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i),
        },
    })));

    public string RobertaVocabAndMerges(string name = "roberta") => Folder(name,
        ("vocab.json", JsonSerializer.Serialize(BpeVocabulary)),
        ("merges.txt", "#version: 0.2\n" + string.Join('\n', BpeMerges) + "\n"));

    public string RobertaTokenizerJson(string name = "roberta-fast") => Folder(name, ("tokenizer.json", JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["version"] = "1.0",
        ["added_tokens"] = new[] { ("<s>", 0), ("<pad>", 1), ("</s>", 2), ("<unk>", 3), ("<mask>", 22) }.Select(t => new { id = t.Item2, content = t.Item1, special = true }),
        ["normalizer"] = null,
        ["pre_tokenizer"] = new { type = "ByteLevel", add_prefix_space = false, trim_offsets = true, use_regex = true },
        ["post_processor"] = new { type = "RobertaProcessing", sep = new object[] { "</s>", 2 }, cls = new object[] { "<s>", 0 }, trim_offsets = true, add_prefix_space = false },
        ["model"] = new Dictionary<string, object?>
        {
            ["type"] = "BPE",
            ["dropout"] = null,
            ["unk_token"] = null,
            ["continuing_subword_prefix"] = "",
            ["end_of_word_suffix"] = "",
            ["fuse_unk"] = false,
            ["vocab"] = BpeVocabulary,
            ["merges"] = BpeMerges.Select(m => m.Split(' ')).ToArray(),
        },
    })));

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
