using System.Globalization;
using System.Text.Json;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Decoders;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Models.Decoders;

/// <summary>
/// A tiny random Llama-config decoder written as a Hugging Face folder (config.json,
/// model.safetensors under the Hub's names) with a byte-level BPE tokenizer.json in the style of
/// Llama 3 and Qwen2 (a Split pre-tokenizer, then ByteLevel; 256 byte tokens, a few merges, special
/// tokens as added_tokens; the pad token is the end-of-text token, as people set it).
/// </summary>
internal static class TinyDecoders
{
    public const int Bos = 259;
    public const int Eos = 260;
    public const int Vocab = 261;
    private static readonly string[] Merges = ["Ġ d", "o g", "Ġd og"];

    public static string LlamaConfigJson(int layers = 2) => string.Create(CultureInfo.InvariantCulture, $$"""
        {"model_type":"llama","architectures":["LlamaForCausalLM"],"vocab_size":{{Vocab}},"hidden_size":32,"intermediate_size":48,
         "num_hidden_layers":{{layers}},"num_attention_heads":4,"num_key_value_heads":2,"max_position_embeddings":64,"rms_norm_eps":1e-5,
         "rope_theta":10000.0,"hidden_act":"silu","tie_word_embeddings":true,"bos_token_id":{{Bos}},"eos_token_id":{{Eos}}}
        """);

    /// <summary>Writes the folder: random weights (std <paramref name="std"/>, so a frozen random backbone still mixes tokens), tokenizer files.</summary>
    public static void WriteFolder(string folder, string configJson, double std = 0.3, int seed = 7)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), configJson);
        var config = DecoderConfig.Parse(configJson, "config.json", new("config.json", 1, 1));
        manual_seed(seed);
        using var model = new DecoderForCausalLm(config);
        var hub = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using (no_grad())
        {
            foreach (var (name, parameter) in model.named_parameters())
            {
                hub[model.ToHub(name)] = name.EndsWith("norm.weight", StringComparison.Ordinal) ? parameter.detach().clone() : randn(parameter.shape) * std;
            }
        }
        SafeTensorsFile.Write(Path.Combine(folder, "model.safetensors"), hub, new Dictionary<string, string> { ["format"] = "pt" });
        StateDict.Dispose(hub);
        WriteTokenizer(folder);
    }

    public static void WriteTokenizer(string folder)
    {
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (symbol, id) in ByteSymbols().Select((s, i) => (s, i)))
        {
            vocabulary[symbol] = id;
        }
        foreach (var merge in Merges)
        {
            vocabulary[merge.Replace(" ", "", StringComparison.Ordinal)] = vocabulary.Count;
        }
        var tokenizer = new Dictionary<string, object?>
        {
            ["version"] = "1.0",
            ["added_tokens"] = new[] { ("<|begin_of_text|>", Bos), ("<|end_of_text|>", Eos) }.Select(t => new { id = t.Item2, content = t.Item1, special = true }),
            ["normalizer"] = null,
            // As GPT-2, Llama 3 and Qwen2 ship it: without a decoder, Hugging Face decoding joins the byte symbols with spaces.
            ["decoder"] = new { type = "ByteLevel", add_prefix_space = true, trim_offsets = true, use_regex = true },
            ["pre_tokenizer"] = new
            {
                type = "Sequence",
                pretokenizers = new object[]
                {
                    new { type = "Split", pattern = new { Regex = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+" }, behavior = "Isolated", invert = false },
                    new { type = "ByteLevel", add_prefix_space = false, trim_offsets = true, use_regex = false },
                },
            },
            ["model"] = new Dictionary<string, object?>
            {
                ["type"] = "BPE",
                ["dropout"] = null,
                ["unk_token"] = null,
                ["fuse_unk"] = false,
                ["byte_fallback"] = false,
                ["vocab"] = vocabulary,
                ["merges"] = Merges,
            },
        };
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), JsonSerializer.Serialize(tokenizer));
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"),
            """{"bos_token":"<|begin_of_text|>","eos_token":"<|end_of_text|>","pad_token":"<|end_of_text|>","tokenizer_class":"PreTrainedTokenizerFast"}""");
    }

    /// <summary>GPT-2's printable stand-ins for the 256 byte values (a space is 'Ġ'), in byte order.</summary>
    private static string[] ByteSymbols()
    {
        var printable = Enumerable.Range('!', '~' - '!' + 1).Concat(Enumerable.Range('¡', '¬' - '¡' + 1)).Concat(Enumerable.Range('®', 'ÿ' - '®' + 1)).ToHashSet();
        var next = 256;
        return [.. Enumerable.Range(0, 256).Select(b => ((char)(printable.Contains(b) ? b : next++)).ToString())];
    }
}
