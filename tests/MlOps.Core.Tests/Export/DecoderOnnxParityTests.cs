using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Export;
using MlOps.Core.Export;
using MlOps.Core.Models.Decoders;
using MlOps.Core.Tests.Models.Decoders;
using MlOps.Core.Tests.Torch;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Export;

/// <summary>
/// The decoder families' graphs against their TorchSharp modules, through ONNX Runtime, on the
/// reference fixtures (tests/…/Decoders/Reference: Llama with GQA and llama3 rope scaling, Llama with
/// linear scaling and tied embeddings, Qwen2 with q/k/v bias, GPT-2), whose weights PyTorch's own
/// reference logits were computed from: the classifier on right-padded prompts, the language model with
/// left and right padding, and step by step through the exported key/value cache.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class DecoderOnnxParityTests(ITestOutputHelper output)
{
    internal const double Tolerance = 1e-4;
    private static readonly SourceLocation Where = SourceLocation.None("test");

    public static readonly TheoryData<string> Fixtures = new() { "llama", "llama_linear", "qwen2", "gpt2" };

    internal static int[][] Prompts()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(DecoderReferenceTests.Folder, "reference.json")));
        return [.. document.RootElement.GetProperty("prompts").EnumerateArray().Select(p => p.EnumerateArray().Select(v => v.GetInt32()).ToArray())];
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Classifier_matches_TorchSharp_on_right_padded_prompts(string fixture)
    {
        var diff = ClassifierDiff(Path.Combine(DecoderReferenceTests.Folder, fixture));
        output.WriteLine($"{fixture} classifier: largest logit difference {diff:G3}");
        Assert.InRange(diff, 0, Tolerance);
    }

    /// <summary>The classifier from a fixture folder, exported: its largest logit difference from TorchSharp on right-padded prompts.</summary>
    internal static double ClassifierDiff(string folder)
    {
        var config = DecoderConfig.Read(Path.Combine(folder, "config.json"), Where);
        using var model = new DecoderClassifier(config, 3);
        Assert.True(DecoderWeights.TryLoad(model, folder, replaceHead: true, Where, null));
        using (no_grad())
        {
            manual_seed(3);
            model.head.weight!.copy_(randn(model.head.weight.shape));
        }
        // The prompts, one led by the pad id (a token there, as GPT-2's bos), right-padded to 8 with the pad id.
        const int width = 8;
        int[][] rows = [.. Prompts(), [config.PadTokenId, 40, 41, 42], [7]];
        var ids = rows.SelectMany(r => r.Select(t => (float)t).Concat(Enumerable.Repeat((float)config.PadTokenId, width - r.Length))).ToArray();
        var text = new TextPreprocessing("bpe", [], width, false, 1, 2, config.PadTokenId, config.VocabSize);
        using var export = new ExportedGraph(model, [width], 3, new OnnxPreprocessing { Kind = PreprocessingKinds.Text, Text = text });
        export.AssertWellFormed("input_ids", "batch", "sequence");
        Assert.Equal(AttentionMasks.ThroughLastNonPad, export.Manifest.Preprocessing.Text!.AttentionMask);

        return export.MaxAbsDiff(ids, rows.Length);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Language_model_matches_TorchSharp_with_left_and_right_padding_and_through_the_cache(string fixture)
    {
        using var model = DecoderWeights.CausalLm(Path.Combine(DecoderReferenceTests.Folder, fixture), Where);
        var worst = LanguageModelDiff(model);
        output.WriteLine($"{fixture} language model: largest logit difference {worst:G3}");
        Assert.InRange(worst, 0, Tolerance);
    }

    /// <summary>
    /// The language model exported with its cache: its largest logit difference from TorchSharp on the
    /// prompts left- and right-padded, and on the left-padded prompts then three tokens one at a time
    /// through present → past against TorchSharp's own KV cache.
    /// </summary>
    internal static double LanguageModelDiff(DecoderForCausalLm model)
    {
        model.eval();
        using var export = new ExportedLm(model);
        Assert.Equal(OnnxTasks.CausalLm, export.Manifest.Task);
        Assert.Equal(2 + (4 * model.Config.Layers), export.Session.InputNames.Count + export.Session.OutputNames.Count - 1);
        var prompts = Prompts();
        var width = prompts.Max(p => p.Length);
        var worst = 0.0;
        foreach (var left in new[] { false, true })
        {
            long[] Row(int[] p, long fill, Func<int, long> value) => left
                ? [.. Enumerable.Repeat(fill, width - p.Length), .. p.Select((_, i) => value(i))]
                : [.. p.Select((_, i) => value(i)), .. Enumerable.Repeat(fill, width - p.Length)];
            var ids = prompts.SelectMany(p => Row(p, model.Config.PadTokenId, i => p[i])).ToArray();
            var mask = prompts.SelectMany(p => Row(p, 0, _ => 1)).ToArray();
            var (onnx, _) = export.Run(ids, mask, prompts.Length, null);
            worst = Math.Max(worst, MaxDiff(TorchLogits(model, ids, mask, prompts.Length, null), onnx));
        }

        // Step by step: the prompts (left-padded), then three tokens one at a time through present → past,
        // against TorchSharp's own KV cache on the same tokens.
        var prompt = prompts.SelectMany(p => Enumerable.Repeat((long)model.Config.PadTokenId, width - p.Length).Concat(p.Select(t => (long)t))).ToArray();
        var stepMask = prompts.SelectMany(p => Enumerable.Repeat(0L, width - p.Length).Concat(Enumerable.Repeat(1L, p.Length))).ToList();
        using var cache = new KvCache(model.Config.Layers);
        var (logits, past) = export.Run(prompt, [.. stepMask], prompts.Length, null);
        worst = Math.Max(worst, MaxDiff(TorchLogits(model, prompt, [.. stepMask], prompts.Length, cache), logits));
        for (var step = 0; step < 3; step++)
        {
            long[] next = [.. Enumerable.Range(0, prompts.Length).Select(r => (long)(5 + (11 * r) + step))];
            for (var r = prompts.Length - 1; r >= 0; r--)
            {
                stepMask.Insert((r + 1) * (width + step), 1);
            }
            (logits, past) = export.Run(next, [.. stepMask], prompts.Length, past);
            worst = Math.Max(worst, MaxDiff(TorchLogits(model, next, [.. stepMask], prompts.Length, cache), logits));
        }
        return worst;
    }

    // RMSNorm's ReduceMean takes its axes as an input from opset 18 on: both forms.
    [Theory]
    [InlineData(18)]
    [InlineData(21)]
    public void Later_opsets_give_the_same_logits(int opset)
    {
        using var model = DecoderWeights.CausalLm(Path.Combine(DecoderReferenceTests.Folder, "llama"), Where);
        using var export = new ExportedLm(model, opset: opset);
        var prompts = Prompts();

        var parity = CausalLmParity.Measure(model, export.Layout.Model, export.Manifest, prompts, "validation");

        Assert.Equal(opset, export.Manifest.Opset);
        Assert.InRange(parity.MaxAbsLogitDiff, 0, Tolerance);
    }

    [Fact]
    public void The_language_models_parity_for_the_gate_is_near_zero_for_its_own_graph_and_large_for_another_models()
    {
        using var model = DecoderWeights.CausalLm(Path.Combine(DecoderReferenceTests.Folder, "qwen2"), Where);
        using var other = DecoderWeights.CausalLm(Path.Combine(DecoderReferenceTests.Folder, "llama"), Where);
        using var export = new ExportedLm(model);
        var prompts = Prompts();

        var own = CausalLmParity.Measure(model, export.Layout.Model, export.Manifest, prompts, "validation", batchSize: 2);
        var wrong = CausalLmParity.Measure(other, export.Layout.Model, export.Manifest, prompts, "validation");

        Assert.Equal(prompts.Length, own.Rows);
        Assert.InRange(own.MaxAbsLogitDiff, 0, Tolerance);
        Assert.Equal(1.0, own.PredictionAgreement);
        Assert.True(wrong.MaxAbsLogitDiff > 0.1, $"another model's logits differ by only {wrong.MaxAbsLogitDiff}");
    }

    private static float[] TorchLogits(DecoderForCausalLm model, long[] ids, long[] mask, int rows, KvCache? cache)
    {
        using var _ = no_grad();
        using var idTensor = tensor(ids, [rows, ids.Length / rows]);
        using var maskTensor = tensor(mask, [rows, mask.Length / rows]);
        using var logits = model.Logits(idTensor, maskTensor, cache);
        return logits.data<float>().ToArray();
    }

    private static double MaxDiff(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        Assert.All(actual, v => Assert.True(float.IsFinite(v)));
        return expected.Zip(actual, (a, b) => Math.Abs((double)a - b)).Max();
    }
}

/// <summary>A language model exported with its cache into a temporary folder and loaded in ONNX Runtime.</summary>
internal sealed class ExportedLm : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "mlops-onnx-" + Guid.NewGuid().ToString("N"));
    private readonly DecoderConfig config;

    public ExportedLm(DecoderForCausalLm model, MlOps.Text.TextTokenizer? tokenizer = null, int opset = 17)
    {
        config = model.Config;
        Layout = new OnnxExportLayout(Path.Combine(folder, OnnxExportLayout.FolderName));
        Manifest = CausalLmExporter.Write(model, new CausalLmExportRequest(tokenizer, opset), Layout);
        Session = new InferenceSession(Layout.Model);
    }

    public OnnxExportLayout Layout { get; }
    public OnnxManifest Manifest { get; }
    public InferenceSession Session { get; }

    /// <summary>One pass: logits [rows, new, vocab] and the present keys and values (host copies) for the next pass.</summary>
    public (float[] Logits, List<(float[] Data, long[] Shape)> Present) Run(long[] ids, long[] mask, int rows, List<(float[] Data, long[] Shape)>? past)
    {
        var values = new List<OrtValue>
        {
            OrtValue.CreateTensorValueFromMemory(ids, [rows, ids.Length / rows]),
            OrtValue.CreateTensorValueFromMemory(mask, [rows, mask.Length / rows]),
        };
        var names = new List<string> { "input_ids", "attention_mask" };
        var outputNames = new List<string> { "logits" };
        for (var i = 0; i < config.Layers; i++)
        {
            for (var p = 0; p < 2; p++)
            {
                var part = p == 0 ? "key" : "value";
                names.Add($"past_key_values.{i}.{part}");
                outputNames.Add($"present.{i}.{part}");
                values.Add(past is null
                    ? OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, [rows, config.KeyValueHeads, 0, config.HeadDim])
                    : OrtValue.CreateTensorValueFromMemory(past[(2 * i) + p].Data, past[(2 * i) + p].Shape));
            }
        }
        try
        {
            using var options = new RunOptions();
            using var outputs = Session.Run(options, names, values, outputNames);
            var present = outputs.Skip(1).Select(o => (o.GetTensorDataAsSpan<float>().ToArray(), o.GetTensorTypeAndShape().Shape)).ToList();
            return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), present);
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }
    }

    public void Dispose()
    {
        Session.Dispose();
        KeptExports.Keep(Layout.Directory, Manifest.Family + "-lm");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
