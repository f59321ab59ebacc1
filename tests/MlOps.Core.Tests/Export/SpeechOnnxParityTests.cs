using MlOps.Core.Tests.Models.Speech;
using MlOps.Core.Tests.Torch;
using Xunit.Abstractions;

namespace MlOps.Core.Tests.Export;

/// <summary>
/// wav2vec2 / HuBERT graphs against their TorchSharp modules (themselves checked against PyTorch by
/// SpeechReferenceTests) through ONNX Runtime, on the family's reference fixtures: base (GroupNorm
/// convs, post-LN) and large (LayerNorm convs, stable layer norm, weighted layer sum) configs, a
/// right-padded batch of clips of different lengths and each clip alone. Logits within 1e-4.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class SpeechOnnxParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData("wav2vec2_base", 17)]
    [InlineData("wav2vec2_large", 17)]
    [InlineData("hubert_base", 17)]
    [InlineData("hubert_large", 17)]
    [InlineData("wav2vec2_base", 18)] // ReduceMax takes its axes as an input from opset 18
    public void Speech_classifier_matches_TorchSharp_with_padding(string name, int opset)
    {
        var waves = SpeechReferenceTests.Reference().GetProperty("waveforms").EnumerateArray()
            .Select(w => w.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray()).ToArray();
        var width = waves.Max(w => w.Length);
        Assert.Contains(waves, w => w.Length < width); // the batch has padding
        using var model = SpeechReferenceTests.Load(name);

        using var export = new ExportedGraph(model, [width], 3, opset: opset);
        export.AssertWellFormed("waveform", "batch", "samples");
        var padded = export.MaxAbsDiff([.. waves.SelectMany(w => w.Concat(new float[width - w.Length]))], waves.Length);

        var alone = 0.0;
        foreach (var wave in waves)
        {
            using var single = new ExportedGraph(model, [wave.Length], 3, opset: opset); // the same graph: the samples axis is dynamic
            alone = Math.Max(alone, single.MaxAbsDiff(wave, 1));
        }
        output.WriteLine($"{name} (opset {opset}): largest |logit difference| ONNX Runtime vs TorchSharp, padded batch {padded:G3}, clips alone {alone:G3}");
        Assert.InRange(padded, 0, Tolerance);
        Assert.InRange(alone, 0, Tolerance);
    }
}
