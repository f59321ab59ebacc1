using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Export;
using MlOps.Core.Data;
using MlOps.Core.Models;
using MlOps.Core.Models.Transformers;
using MlOps.Core.Models.Vision;
using MlOps.Core.Tests.Torch;
using MlOps.Text;
using MlOps.Tests.Shared;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Export;

/// <summary>
/// Every family's graph against its TorchSharp module on real validation inputs (the images sample's
/// Fashion-MNIST validation images, the text sample's WordNet glosses through its WordPiece tokenizer),
/// through ONNX Runtime: logits within 1e-4. Weights are random and BatchNorm statistics non-trivial,
/// so every layer moves the logits.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class OnnxFamilyParityTests
{
    private const double Tolerance = 1e-4;

    private static string Sample(params string[] parts) => Path.Combine([SourceTree.Root, "samples", .. parts]);

    /// <summary>The first <paramref name="count"/> validation images, normalised as the image loader does (pixel/255, then the sample's mean and std).</summary>
    private static float[] FashionImages(int count)
    {
        var images = IdxReader.ReadImages(Sample("images", "data", "finetune-val-images-idx3-ubyte.gz"), new DataLoadOptions());
        return [.. images.Pixels.Take(count * 28 * 28).Select(p => (float)(((p / 255.0) - 0.286) / 0.353))];
    }

    /// <summary>The first <paramref name="count"/> validation glosses as token ids, padded to 48 (lengths vary, so padding is masked).</summary>
    private static float[] GlossIds(int count, Func<float, float>? map = null)
    {
        var tokenizer = TokenizerLoader.Load(Sample("text", "models", "base"));
        var ids = new List<float>();
        foreach (var line in File.ReadLines(Sample("text", "data", "validation.jsonl")).Take(count))
        {
            using var doc = JsonDocument.Parse(line);
            ids.AddRange(tokenizer.Encode(doc.RootElement.GetProperty("text").GetString()!, 48).Select(i => map?.Invoke(i) ?? i));
        }
        return [.. ids];
    }

    private static void Randomise(nn.Module model)
    {
        using var _ = no_grad();
        manual_seed(7);
        foreach (var (name, tensor) in model.state_dict().Where(p => p.Value.is_floating_point()))
        {
            if (name.EndsWith("running_var", StringComparison.Ordinal))
            {
                tensor.copy_(rand_like(tensor) + 0.5);
            }
            else if (name.EndsWith("running_mean", StringComparison.Ordinal) || name.Contains("bn", StringComparison.Ordinal) || name.Contains("downsample.1", StringComparison.Ordinal))
            {
                tensor.copy_((rand_like(tensor) * 0.4) + (name.EndsWith("weight", StringComparison.Ordinal) ? 0.8 : -0.2));
            }
        }
    }

    // Both block types and both stems (grayscale expanded, RGB as is), one case each: ResNets are the slow exports.
    [Theory]
    [InlineData("resnet50", 1)]
    [InlineData("resnet18", 3)]
    public void ResNet_matches_TorchSharp_on_fashion_images(string variant, int channels)
    {
        using var model = new ResNetModel(ResNetVariant.Find(variant)!, new ModelShape([channels, 28, 28], 5, [], 0));
        Randomise(model);
        using var export = new ExportedGraph(model, [channels, 28, 28], 5);
        export.AssertWellFormed("pixel_values", "batch");

        var gray = FashionImages(8);
        var input = channels == 1 ? gray : [.. Enumerable.Range(0, 8).SelectMany(i => Enumerable.Range(0, 3).SelectMany(c => gray.Skip(i * 784).Take(784).Select(p => p * (1 - (0.2f * c)))))];
        Assert.InRange(export.MaxAbsDiff(input, 8), 0, Tolerance);
    }

    [Fact]
    public void Cnn_small_matches_TorchSharp_on_fashion_images()
    {
        using var model = new SmallCnnModel(new ModelShape([1, 28, 28], 5, [], 0));
        using var export = new ExportedGraph(model, [1, 28, 28], 5);
        export.AssertWellFormed("pixel_values", "batch");

        Assert.InRange(export.MaxAbsDiff(FashionImages(32), 32), 0, Tolerance);
        Assert.InRange(export.MaxAbsDiff(FashionImages(1), 1), 0, Tolerance); // a batch of one: the dynamic axis
    }

    [Fact]
    public void Mlp_matches_TorchSharp()
    {
        using var model = new MlpModel(new ModelShape([12], 3, [16, 8], 0.2));
        using var export = new ExportedGraph(model, [12], 3);
        export.AssertWellFormed("features", "batch");
        Assert.Equal(3, export.Proto.Graph.Node.Count(n => n.OpType == "Gemm"));

        using var x = randn(20, 12);
        Assert.InRange(export.MaxAbsDiff(x.data<float>().ToArray(), 20), 0, Tolerance);
    }

    [Theory]
    [InlineData("bert", "gelu")]
    [InlineData("distilbert", "gelu")]
    [InlineData("roberta", "gelu_new")]
    [InlineData("bert", "relu")]
    public void Text_classifiers_match_TorchSharp_on_wordnet_glosses(string modelType, string activation)
    {
        var distil = modelType == "distilbert";
        var config = TransformerConfig.Parse(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model_type"] = modelType,
            [distil ? "dim" : "hidden_size"] = 32,
            [distil ? "n_layers" : "num_hidden_layers"] = 2,
            [distil ? "n_heads" : "num_attention_heads"] = 4,
            [distil ? "hidden_dim" : "intermediate_size"] = 64,
            [distil ? "activation" : "hidden_act"] = activation,
            ["vocab_size"] = 3000,
            ["max_position_embeddings"] = 64,
            ["initializer_range"] = 0.4,
            ["layer_norm_eps"] = 1e-5,
        }), "test config", SourceLocation.None("test"));
        using var model = new TransformerClassifier(config, 5);
        using var export = new ExportedGraph(model, [48], 5);
        export.AssertWellFormed("input_ids", "batch", "sequence");
        Assert.Equal((config.Layers * 2) + 1, export.Proto.Graph.Node.Count(n => n.OpType == "LayerNormalization"));

        // RoBERTa pads with id 1: the same glosses with ids 0 and 1 swapped.
        var ids = GlossIds(16, modelType == "roberta" ? id => id switch { 0 => 1, 1 => 0, _ => id } : null);
        Assert.Contains(ids, id => id == config.PadTokenId);
        Assert.InRange(export.MaxAbsDiff(ids, 16), 0, Tolerance);
    }

    [Theory]
    [InlineData(18)]
    [InlineData(21)]
    public void Later_opsets_give_the_same_logits_in_ONNX_Runtime(int opset)
    {
        var config = TransformerConfig.Parse("""{ "model_type": "roberta", "hidden_size": 32, "num_hidden_layers": 1, "num_attention_heads": 4, "intermediate_size": 64, "vocab_size": 3000, "max_position_embeddings": 64, "initializer_range": 0.4 }""",
            "test config", SourceLocation.None("test"));
        using var model = new TransformerClassifier(config, 3);
        using var export = new ExportedGraph(model, [48], 3, opset: opset);
        export.AssertWellFormed("input_ids", "batch", "sequence");

        Assert.InRange(export.MaxAbsDiff(GlossIds(8, id => id switch { 0 => 1, 1 => 0, _ => id }), 8), 0, Tolerance);
    }

    [Fact]
    public void A_model_without_an_exporter_is_MLOPS350_and_writes_nothing()
    {
        using var model = new UnknownModel();
        var folder = Path.Combine(Path.GetTempPath(), "mlops-onnx-" + Guid.NewGuid().ToString("N"), "onnx");

        var e = Assert.Throws<MlOpsException>(() => MlOps.Core.Export.OnnxExporter.Write(model,
            new MlOps.Core.Export.OnnxExportRequest([4], ["a", "b"], new OnnxPreprocessing { Kind = PreprocessingKinds.Tabular }, [], 17), new OnnxExportLayout(folder)));

        Assert.Equal(ExportErrorCodes.FamilyNotExportable, Assert.Single(e.Diagnostics).Code);
        Assert.False(Directory.Exists(folder) || Directory.Exists(folder + ".tmp"));
    }

    private sealed class UnknownModel() : FineTuneModule("my-model", 4, 2)
    {
        public override Tensor Features(Tensor input) => input.alias();
    }
}
