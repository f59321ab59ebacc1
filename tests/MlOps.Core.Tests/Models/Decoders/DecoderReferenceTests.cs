using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Decoders;
using MlOps.Core.Models.Layers;
using MlOps.Core.Tests.Models.Layers;
using MlOps.Core.Tests.Torch;
using MlOps.Tests.Shared;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Models.Decoders;

/// <summary>
/// Against PyTorch itself: Reference/make_reference.py (Debian's python3-torch, no transformers)
/// wrote tiny random Llama (GQA, llama3 rope scaling), Llama (linear scaling, tied, sharded), Qwen2
/// (q/k/v bias) and GPT-2 (Conv1D) folders under the Hub's names, the logits it computed for three
/// prompts, and its greedy generations (no cache, recomputing the whole sequence each step).
/// Ours, loaded by name, must give the same logits with left and with right padding, and the same
/// tokens with the KV cache.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class DecoderReferenceTests(ITestOutputHelper output)
{
    internal static readonly string Folder = Path.Combine(SourceTree.Root, "tests", "MlOps.Core.Tests", "Models", "Decoders", "Reference");
    private static readonly SourceLocation Where = new("spec.yaml", 3, 3);

    private static JsonElement Reference(out JsonElement root)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "reference.json")));
        root = document.RootElement.Clone();
        return root.GetProperty("models");
    }

    internal static int[][] Prompts(JsonElement root) =>
        [.. root.GetProperty("prompts").EnumerateArray().Select(p => p.EnumerateArray().Select(v => v.GetInt32()).ToArray())];

    [Theory]
    [InlineData("llama", false)]
    [InlineData("llama_linear", false)]
    [InlineData("qwen2", false)]
    [InlineData("gpt2", false)]
    [InlineData("llama", true)]
    [InlineData("qwen2", true)]
    [InlineData("gpt2", true)]
    public void Logits_match_PyTorch_with_left_and_right_padding(string name, bool everyProductThroughOneDnn)
    {
        // These models are too small for CpuLinear to use oneDNN; forced, its products must match too.
        using var products = new OneDnnProducts(everyProductThroughOneDnn);
        AssertLogitsMatch(name);
        // every layer's projections and the LM head, twice (left and right padding); none when not forced
        Assert.Equal(OneDnnProducts.Expected(everyProductThroughOneDnn), products.Calls >= 2 * 5);
        Assert.Equal(CpuLinear.Supported, CpuLinear.Available); // no oneDNN call failed
    }

    private void AssertLogitsMatch(string name)
    {
        var entry = Reference(out var root).GetProperty(name);
        var prompts = Prompts(root);
        using var model = DecoderWeights.CausalLm(Path.Combine(Folder, name), Where);
        var (worst, largest) = (0.0, 0.0);
        foreach (var left in new[] { false, true })
        {
            var (w, l) = PaddedLogitsDifference(model, prompts, entry.GetProperty("logits"), left);
            (worst, largest) = (Math.Max(worst, w), Math.Max(largest, l));
        }
        output.WriteLine($"{name}: largest logit difference from PyTorch {worst:G3}, logits up to {largest:G3}");
        // float32 throughout: 1e-5 absolute (the bar), and within 1e-6 of the largest logit (a few ulps).
        Assert.True(worst < 1e-5 && worst < 1e-6 * largest, $"{name}: logits differ from PyTorch's by up to {worst:G3} (largest logit {largest:G3})");
    }

    /// <summary>
    /// The prompts as one batch, left- or right-padded with id 0, through the model; against the reference's
    /// logits of each prompt's real positions ([prompt][position][vocab]): the largest difference and the
    /// largest reference logit.
    /// </summary>
    internal static (double Worst, double Largest) PaddedLogitsDifference(DecoderForCausalLm model, int[][] prompts, JsonElement expectedRows, bool left)
    {
        var width = prompts.Max(p => p.Length);
        long[] Row(int[] p, long fill) => left ? [.. Enumerable.Repeat(fill, width - p.Length), .. p.Select(t => (long)t)] : [.. p.Select(t => (long)t), .. Enumerable.Repeat(fill, width - p.Length)];
        using var ids = tensor(prompts.SelectMany(p => Row(p, 0)).ToArray(), [prompts.Length, width]);
        using var mask = tensor(prompts.SelectMany(p => Row(p, 1).Select((v, i) => left ? i >= width - p.Length : i < p.Length)).ToArray(), [prompts.Length, width]);
        using var _ = no_grad();
        using var logits = model.Logits(ids, mask).to(ScalarType.Float64);
        var actual = logits.data<double>().ToArray();
        var vocab = (int)logits.shape[2];
        var rows = expectedRows.EnumerateArray().ToArray();
        var (worst, largest) = (0.0, 0.0);
        for (var r = 0; r < prompts.Length; r++)
        {
            var positions = rows[r].EnumerateArray().ToArray();
            for (var position = 0; position < positions.Length; position++)
            {
                var column = left ? width - prompts[r].Length + position : position;
                var expected = positions[position].EnumerateArray().Select(v => v.GetDouble()).ToArray();
                for (var v = 0; v < vocab; v++)
                {
                    worst = Math.Max(worst, Math.Abs(expected[v] - actual[(((r * width) + column) * vocab) + v]));
                    largest = Math.Max(largest, Math.Abs(expected[v]));
                }
            }
        }
        return (worst, largest);
    }

    [Theory]
    [InlineData("llama")]
    [InlineData("llama_linear")]
    [InlineData("qwen2")]
    [InlineData("gpt2")]
    public void Greedy_generation_with_the_cache_matches_PyTorch_token_for_token(string name)
    {
        var entry = Reference(out var root).GetProperty(name);
        var prompts = Prompts(root);
        using var model = DecoderWeights.CausalLm(Path.Combine(Folder, name), Where);
        var options = new GenerationOptions
        {
            MaxNewTokens = root.GetProperty("max_new_tokens").GetInt32(),
            EosTokenIds = [entry.GetProperty("eos_token_id").GetInt32()],
            PadTokenId = root.GetProperty("pad_token_id").GetInt32(),
        };

        var generated = TextGeneration.Generate(model, prompts, options, Where);

        var expected = entry.GetProperty("greedy").EnumerateArray().Select(r => string.Join(" ", r.EnumerateArray().Select(v => v.GetInt32()))).ToArray();
        Assert.Equal(expected, generated.Select(g => string.Join(" ", g)).ToArray());
        Assert.Contains(generated, g => g.Length < options.MaxNewTokens); // the end-of-sequence id stopped a row early
    }
}
