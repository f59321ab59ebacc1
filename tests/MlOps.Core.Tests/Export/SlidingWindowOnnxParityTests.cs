using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Decoders;
using MlOps.Core.Tests.Models.Decoders;
using MlOps.Core.Tests.Torch;
using MlOps.Runtime;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Export;

/// <summary>
/// Mistral's sliding window (transformers' sliding_window_overlay: key j is seen from query i only if
/// j &gt; i − window) in TorchSharp and in the exported graph: the Llama reference fixture's weights under
/// a Mistral config with window 3, on prompts of up to 6 tokens and 3 more through the cache.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class SlidingWindowOnnxParityTests(ITestOutputHelper output) : IDisposable
{
    private const int Window = 3;
    private static readonly SourceLocation Where = SourceLocation.None("test");
    private readonly string folder = Directory.CreateTempSubdirectory("mlops-mistral-").FullName;

    [Fact]
    public void The_mask_keeps_a_query_and_the_two_keys_before_it_with_and_without_a_cache()
    {
        // One left-padded row of 6 (the first position padding): every query at once, then the last alone (a cache step).
        using var mask = tensor(new[] { false, true, true, true, true, true }, [1, 6]);
        using var all = CausalMask.Allowed(mask, 6, Window);
        using var last = CausalMask.Allowed(mask, 1, Window);

        bool[] expected = [.. from i in Enumerable.Range(0, 6) from j in Enumerable.Range(0, 6) select j > 0 && j <= i && i - j < Window];
        Assert.Equal(expected, all.data<bool>().ToArray());
        Assert.Equal(expected[^6..], last.data<bool>().ToArray());
    }

    [Fact]
    public void A_token_beyond_the_layers_reach_does_not_change_the_last_logits_and_one_within_does()
    {
        // Two layers of window 3: the last of 8 positions reads positions 3–7 only.
        using var model = Mistral();
        model.eval();
        using var _ = no_grad();
        long[] ids = [1, 17, 33, 5, 60, 44, 9, 70];
        Tensor Last(long[] row) => model.Logits(tensor(row, [1, 8]), ones(1, 8, dtype: ScalarType.Bool)).select(1, -1);
        using var baseline = Last(ids);
        using var beyond = Last([.. ids.Select((t, i) => i == 2 ? 88 : t)]);
        using var within = Last([.. ids.Select((t, i) => i == 3 ? 88 : t)]);

        Assert.True(baseline.allclose(beyond, rtol: 0, atol: 1e-6), "a token outside the window changed the last logits");
        Assert.False(baseline.allclose(within, rtol: 0, atol: 1e-3), "a token inside the window did not change the last logits");
    }

    /// <summary>Reference/windowed_reference.py: the same weights and window in plain PyTorch, right- and left-padded.</summary>
    [Theory]
    [InlineData("right")]
    [InlineData("left")]
    public void Logits_match_PyTorch_with_the_window(string side)
    {
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(DecoderReferenceTests.Folder, "windowed.json")));
        var root = document.RootElement;
        Assert.Equal(Window, root.GetProperty("window").GetInt32());
        var prompts = DecoderReferenceTests.Prompts(root);
        using var model = Mistral();
        model.eval();
        var (worst, largest) = DecoderReferenceTests.PaddedLogitsDifference(model, prompts, root.GetProperty(side), left: side == "left");
        output.WriteLine($"mistral window {Window}, {side} padding: largest logit difference from PyTorch {worst:G3}, logits up to {largest:G3}");
        Assert.True(worst < 1e-5 && worst < 1e-6 * largest, $"{side}: logits differ from PyTorch's by up to {worst:G3} (largest {largest:G3})");
    }

    [Fact]
    public void The_classifier_graph_matches_TorchSharp()
    {
        var diff = DecoderOnnxParityTests.ClassifierDiff(MistralFolder());
        output.WriteLine($"mistral window {Window} classifier: largest logit difference {diff:G3}");
        Assert.InRange(diff, 0, DecoderOnnxParityTests.Tolerance);
    }

    [Fact]
    public void The_language_model_graph_matches_TorchSharp_with_padding_and_through_the_cache()
    {
        using var model = Mistral();
        var diff = DecoderOnnxParityTests.LanguageModelDiff(model);
        output.WriteLine($"mistral window {Window} language model: largest logit difference {diff:G3}");
        Assert.InRange(diff, 0, DecoderOnnxParityTests.Tolerance);
    }

    [Fact]
    public void Greedy_tokens_through_the_exported_cache_equal_TorchSharps()
    {
        using var model = Mistral();
        using var export = new ExportedLm(model);
        var prompts = DecoderOnnxParityTests.Prompts();

        var torch = TextGeneration.Generate(model, prompts, new GenerationOptions { MaxNewTokens = 8, EosTokenIds = [] }, Where);
        var onnx = new GreedyDecoder(export.Session, export.Manifest with { Generation = export.Manifest.Generation! with { EosTokenIds = [] } }, "test").Generate(prompts, 8);

        Assert.Null(export.Manifest.Generation!.SlidingWindow);
        Assert.Equal(torch.Select(t => t.ToArray()), onnx);
        output.WriteLine(string.Join(" | ", onnx.Select(r => string.Join(' ', r))));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The Llama fixture's weights under a Mistral config.json with a window of 3.</summary>
    private string MistralFolder()
    {
        var llama = Path.Combine(DecoderReferenceTests.Folder, "llama");
        var json = File.ReadAllText(Path.Combine(llama, "config.json"))
            .Replace("\"model_type\": \"llama\"", $"\"model_type\": \"mistral\", \"sliding_window\": {Window}", StringComparison.Ordinal)
            .Replace("LlamaForCausalLM", "MistralForCausalLM", StringComparison.Ordinal);
        Assert.Contains("sliding_window", json, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(folder, "config.json"), json);
        File.Copy(Path.Combine(llama, "model.safetensors"), Path.Combine(folder, "model.safetensors"), overwrite: true);
        return folder;
    }

    private DecoderForCausalLm Mistral()
    {
        var model = DecoderWeights.CausalLm(MistralFolder(), Where);
        Assert.Equal(Window, model.Config.AttentionWindow);
        return model;
    }
}
