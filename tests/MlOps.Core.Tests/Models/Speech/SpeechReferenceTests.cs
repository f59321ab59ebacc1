using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Speech;
using MlOps.Core.Tests.Models.Layers;
using MlOps.Core.Tests.Torch;
using MlOps.Tests.Shared;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Models.Speech;

/// <summary>
/// Against PyTorch itself: Reference/make_reference.py (Debian's python3-torch, no transformers)
/// wrote tiny random wav2vec2 and HuBERT classifiers (base: GroupNorm convs, post-LN; large: LayerNorm
/// convs, stable layer norm; both weight-norm spellings; weighted layer sum; HuBERT without the
/// projection norm) under the Hub's names, with the logits and pooled projector outputs of a
/// right-padded batch and of every clip alone. Ours, loaded by name, must give the same within 1e-6.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class SpeechReferenceTests(ITestOutputHelper output)
{
    internal static readonly string Folder = Path.Combine(SourceTree.Root, "tests", "MlOps.Core.Tests", "Models", "Speech", "Reference");
    private static readonly SourceLocation Where = new("spec.yaml", 3, 3);

    internal static JsonElement Reference()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "reference.json")));
        return document.RootElement.Clone();
    }

    internal static SpeechClassifier Load(string name, int classCount = 3, bool replaceHead = false)
    {
        var folder = Path.Combine(Folder, name);
        var model = new SpeechClassifier(SpeechConfig.Read(Path.Combine(folder, "config.json"), Where), classCount);
        Assert.True(SpeechWeights.TryLoad(model, folder, replaceHead, Where, inform: null));
        model.eval();
        return model;
    }

    private static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    private static double Worst(double[] expected, Tensor actual)
    {
        using var values = actual.to(ScalarType.Float64).contiguous();
        var got = values.data<double>().ToArray();
        Assert.Equal(expected.Length, got.Length);
        return expected.Zip(got, (a, b) => Math.Abs(a - b)).Max();
    }

    [Theory]
    [InlineData("wav2vec2_base", false)]
    [InlineData("wav2vec2_large", false)]
    [InlineData("hubert_base", false)]
    [InlineData("hubert_large", false)]
    [InlineData("wav2vec2_base", true)]
    [InlineData("hubert_large", true)]
    public void Logits_and_pooled_outputs_match_PyTorch_with_and_without_padding(string name, bool everyProductThroughOneDnn)
    {
        // The tiny models are below CpuLinear's threshold; forced through oneDNN, they must match too.
        using var products = new OneDnnProducts(everyProductThroughOneDnn);
        var root = Reference();
        var entry = root.GetProperty("models").GetProperty(name);
        var waves = root.GetProperty("waveforms").EnumerateArray().Select(w => Doubles(w).Select(v => (float)v).ToArray()).ToArray();
        var width = waves.Max(w => w.Length);
        using var model = Load(name);
        using var _ = no_grad();

        using var batch = tensor(waves.SelectMany(w => w.Concat(new float[width - w.Length])).ToArray(), [waves.Length, width]);
        using var logits = model.forward(batch);
        using var pooled = model.Features(batch);
        var padded = Math.Max(Worst(Doubles(entry.GetProperty("padded_logits")), logits), Worst(Doubles(entry.GetProperty("padded_pooled")), pooled));

        var alone = 0.0;
        var aloneLogits = entry.GetProperty("alone_logits").EnumerateArray().ToArray();
        var alonePooled = entry.GetProperty("alone_pooled").EnumerateArray().ToArray();
        for (var i = 0; i < waves.Length; i++)
        {
            using var clip = tensor(waves[i], [1, waves[i].Length]);
            using var clipLogits = model.forward(clip);
            using var clipPooled = model.Features(clip);
            alone = Math.Max(alone, Math.Max(Worst(Doubles(aloneLogits[i]), clipLogits), Worst(Doubles(alonePooled[i]), clipPooled)));
        }
        output.WriteLine($"{name}: largest difference from PyTorch, padded batch {padded:G3}, clips alone {alone:G3}");
        Assert.True(padded < 1e-6 && alone < 1e-6, $"{name}: differs from PyTorch by {padded:G3} (padded batch) and {alone:G3} (clips alone)");
        Assert.Equal(OneDnnProducts.Expected(everyProductThroughOneDnn), products.Calls > 0);
    }
}
