using System.Text.Json;
using MlOps.Core.Models;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Transformers;
using MlOps.Core.Tests.Models.Layers;
using MlOps.Core.Tests.Torch;
using MlOps.Specs.Model;
using MlOps.Tests.Shared;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Models.Transformers;

/// <summary>
/// Against PyTorch itself: Reference/make_reference.py wrote tiny classifiers with torch.save
/// (pytorch_model.bin, HF names, a position_ids buffer, RoBERTa's unused pooler) and the logits
/// PyTorch computed for two padded sentences. Ours, loaded by name, must give the same logits.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class TransformerReferenceTests
{
    private static readonly string Folder = Path.Combine(SourceTree.Root, "tests", "MlOps.Core.Tests", "Models", "Transformers", "Reference");

    [Theory]
    [InlineData("bert", false)]
    [InlineData("distilbert", false)]
    [InlineData("roberta", false)]
    [InlineData("bert", true)]
    [InlineData("distilbert", true)]
    public void A_torch_save_checkpoint_loads_by_name_and_gives_PyTorchs_logits(string name, bool everyProductThroughOneDnn)
    {
        // The tiny models are below CpuLinear's threshold; forced through oneDNN, they must match too.
        using var products = new OneDnnProducts(everyProductThroughOneDnn);
        using var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "reference.json")));
        var entry = reference.RootElement.GetProperty("models").GetProperty(name);
        long[][] ids = [.. entry.GetProperty("ids").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt64()).ToArray())];
        double[][] expected = [.. entry.GetProperty("logits").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray())];
        var spec = new BaseModelSpec { Model = "auto", Checkpoint = Path.Combine(Folder, name) };
        var resolved = TransformerBase.Resolve(spec, metadata: null, TinyTransformers.Where)!;
        using var model = ModelFactory.Build(ModelRegistry.Default(), spec with { Model = resolved.Model }, [ids[0].Length], 3, TinyTransformers.Where, resolved.Config);
        var messages = new List<string>();

        CheckpointLoader.Load(model, spec.Checkpoint, replaceHead: false, TinyTransformers.Where, messages.Add);
        model.eval();
        using var input = tensor(ids.SelectMany(r => r.Select(v => (float)v)).ToArray(), [ids.Length, ids[0].Length]);
        using var logits = model.forward(input);

        var actual = logits.to(ScalarType.Float64).data<double>().ToArray();
        var flat = expected.SelectMany(r => r).ToArray();
        Assert.All(Enumerable.Range(0, flat.Length), i => Assert.True(Math.Abs(flat[i] - actual[i]) < 1e-5, $"logit {i}: PyTorch {flat[i]}, ours {actual[i]}"));
        Assert.Equal(OneDnnProducts.Expected(everyProductThroughOneDnn), products.Calls > 0);
        if (name != "distilbert")
        {
            Assert.Contains(messages, m => m.Contains("embeddings.position_ids", StringComparison.Ordinal));
        }
        if (name == "roberta")
        {
            Assert.Contains(messages, m => m.Contains("roberta.pooler.dense.weight", StringComparison.Ordinal));
        }
    }
}
