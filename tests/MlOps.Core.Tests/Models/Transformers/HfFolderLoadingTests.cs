using System.Collections;
using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Transformers;
using MlOps.Core.Tests.Torch;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Models.Transformers;

/// <summary>Hugging Face folders (single file, shards, pytorch_model.bin) load by name, strictly.</summary>
[Collection(TorchCollection.Name)]
public sealed class HfFolderLoadingTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("mlops-hf-").FullName;

    private string Folder(string name) => Path.Combine(root, name);

    [Theory]
    [InlineData(TransformerKind.Bert)]
    [InlineData(TransformerKind.DistilBert)]
    [InlineData(TransformerKind.Roberta)]
    public void A_fine_tuned_Hub_checkpoint_loads_every_tensor_by_name_and_gives_the_same_logits(TransformerKind kind)
    {
        using var source = TinyTransformers.Classifier(kind, classes: 3, seed: 1);
        var hub = TinyTransformers.HubState(source, kind);
        var folder = TinyTransformers.WriteFolder(Folder("m"), kind, hub);
        using var target = TinyTransformers.Classifier(kind, classes: 3, seed: 2);
        var messages = new List<string>();

        CheckpointLoader.Load(target, folder, replaceHead: false, TinyTransformers.Where, messages.Add);

        Assert.Equal(TinyTransformers.Weights(source), TinyTransformers.Weights(target));
        Assert.Empty(messages);
        source.eval();
        target.eval();
        using var ids = TinyTransformers.Ids(source.Config.PadTokenId, 8, [2, 7, 9, 3], [2, 5, 3]);
        using var expected = source.forward(ids);
        using var actual = target.forward(ids);
        Assert.True(expected.allclose(actual, rtol: 0, atol: 0));
    }

    [Fact]
    public void A_sharded_checkpoint_is_joined_from_its_index()
    {
        using var source = TinyTransformers.Classifier(TransformerKind.Bert, seed: 1);
        var hub = TinyTransformers.HubState(source, TransformerKind.Bert);
        var folder = Folder("sharded");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), TinyTransformers.ConfigJson(TransformerKind.Bert));
        var names = hub.Keys.Order(StringComparer.Ordinal).ToList();
        var shards = new[] { "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors" };
        var weightMap = names.ToDictionary(n => n, n => shards[names.IndexOf(n) % 2]);
        foreach (var shard in shards)
        {
            SafeTensorsFile.Write(Path.Combine(folder, shard), hub.Where(p => weightMap[p.Key] == shard).ToDictionary(), new Dictionary<string, string>());
        }
        File.WriteAllText(Path.Combine(folder, "model.safetensors.index.json"), JsonSerializer.Serialize(new { metadata = new { total_size = 0 }, weight_map = weightMap }));
        using var target = TinyTransformers.Classifier(TransformerKind.Bert, seed: 2);

        CheckpointLoader.Load(target, folder, replaceHead: false, TinyTransformers.Where);

        Assert.Equal(TinyTransformers.Weights(source), TinyTransformers.Weights(target));

        File.Delete(Path.Combine(folder, shards[1]));
        var error = Assert.Throws<MlOpsException>(() => CheckpointLoader.Load(target, folder, replaceHead: false, TinyTransformers.Where));
        Assert.Equal(TransformerErrorCodes.NoWeights, error.Diagnostics[0].Code);
        Assert.Contains(shards[1], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_base_model_with_old_gamma_beta_names_in_pytorch_model_bin_loads()
    {
        using var source = TinyTransformers.Classifier(TransformerKind.Bert, seed: 1);
        var table = new Hashtable();
        foreach (var (name, tensor) in TinyTransformers.HubState(source, TransformerKind.Bert, bare: true, include: n => n.StartsWith("backbone.", StringComparison.Ordinal)))
        {
            table[name.Replace("LayerNorm.weight", "LayerNorm.gamma", StringComparison.Ordinal).Replace("LayerNorm.bias", "LayerNorm.beta", StringComparison.Ordinal)] = tensor;
        }
        Directory.CreateDirectory(Folder("bin"));
        File.WriteAllText(Path.Combine(Folder("bin"), "config.json"), TinyTransformers.ConfigJson(TransformerKind.Bert));
        PyTorchPickler.PickleStateDict(Path.Combine(Folder("bin"), "pytorch_model.bin"), table);
        using var target = TinyTransformers.Classifier(TransformerKind.Bert, seed: 2);
        var messages = new List<string>();

        CheckpointLoader.Load(target, Folder("bin"), replaceHead: false, TinyTransformers.Where, messages.Add);

        var expected = TinyTransformers.Weights(source);
        var actual = TinyTransformers.Weights(target);
        Assert.All(expected.Keys.Where(k => k.StartsWith("backbone.", StringComparison.Ordinal)), k => Assert.Equal(expected[k], actual[k]));
        Assert.Contains(messages, m => m.Contains("has no head.*", StringComparison.Ordinal) && m.Contains("freshly initialised", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pretraining_checkpoint_loads_with_one_message_naming_the_tensors_not_used()
    {
        using var source = TinyTransformers.Classifier(TransformerKind.Bert, seed: 1);
        var hub = TinyTransformers.HubState(source, TransformerKind.Bert, include: n => !n.StartsWith("head.", StringComparison.Ordinal));
        hub["cls.predictions.bias"] = zeros(TinyTransformers.Vocab);
        hub["cls.predictions.transform.dense.weight"] = zeros(16, 16);
        hub["bert.embeddings.position_ids"] = arange(32).unsqueeze(0);
        using var target = TinyTransformers.Classifier(TransformerKind.Bert, classes: 4, seed: 2);
        var freshHead = TinyTransformers.Weights(target)["head.weight"];
        var messages = new List<string>();

        CheckpointLoader.Load(target, TinyTransformers.WriteFolder(Folder("mlm"), TransformerKind.Bert, hub), replaceHead: false, TinyTransformers.Where, messages.Add);

        var notUsed = Assert.Single(messages, m => m.Contains("not used", StringComparison.Ordinal));
        Assert.Contains("3 tensors", notUsed, StringComparison.Ordinal);
        Assert.Contains("cls.predictions.bias [40]", notUsed, StringComparison.Ordinal);
        Assert.Contains("bert.embeddings.position_ids", notUsed, StringComparison.Ordinal);
        Assert.Equal(freshHead, TinyTransformers.Weights(target)["head.weight"]);
        Assert.Equal(TinyTransformers.Weights(source)["backbone.pooler.dense.weight"], TinyTransformers.Weights(target)["backbone.pooler.dense.weight"]);
    }

    [Fact]
    public void A_renamed_and_a_mis_shaped_tensor_give_one_readable_diff_with_shapes()
    {
        using var source = TinyTransformers.Classifier(TransformerKind.Bert, seed: 1);
        var hub = TinyTransformers.HubState(source, TransformerKind.Bert);
        hub["bert.encoder.layer.0.attention.self.qury.weight"] = hub["bert.encoder.layer.0.attention.self.query.weight"];
        hub.Remove("bert.encoder.layer.0.attention.self.query.weight");
        hub["bert.encoder.layer.0.intermediate.dense.weight"] = zeros(64, 16);
        using var target = TinyTransformers.Classifier(TransformerKind.Bert, seed: 2);

        var error = Assert.Throws<MlOpsException>(() =>
            CheckpointLoader.Load(target, TinyTransformers.WriteFolder(Folder("bad"), TransformerKind.Bert, hub), replaceHead: false, TinyTransformers.Where));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal((CheckpointErrorCodes.Mismatch, TinyTransformers.Where), (diagnostic.Code, diagnostic.Location));
        Assert.Contains("1 missing: backbone.encoder.layer.0.attention.self.query.weight [16,16]", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("1 unexpected: bert.encoder.layer.0.attention.self.qury.weight [16,16]", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("1 mis-shaped: bert.encoder.layer.0.intermediate.dense.weight (model [32,16], file [64,16])", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Head_replace_keeps_a_fresh_head_even_when_the_checkpoint_has_one()
    {
        using var source = TinyTransformers.Classifier(TransformerKind.DistilBert, classes: 2, seed: 1);
        var folder = TinyTransformers.WriteFolder(Folder("d"), TransformerKind.DistilBert, TinyTransformers.HubState(source, TransformerKind.DistilBert));
        using var target = TinyTransformers.Classifier(TransformerKind.DistilBert, classes: 5, seed: 2);
        var before = TinyTransformers.Weights(target);

        CheckpointLoader.Load(target, folder, replaceHead: true, TinyTransformers.Where);

        var after = TinyTransformers.Weights(target);
        Assert.Equal(before["pre_classifier.weight"], after["pre_classifier.weight"]);
        Assert.Equal(before["head.weight"], after["head.weight"]);
        Assert.Equal(TinyTransformers.Weights(source)["backbone.transformer.layer.0.ffn.lin1.weight"], after["backbone.transformer.layer.0.ffn.lin1.weight"]);
    }

    [Fact]
    public void A_folder_without_weights_says_what_it_looked_for()
    {
        Directory.CreateDirectory(Folder("empty"));
        File.WriteAllText(Path.Combine(Folder("empty"), "config.json"), TinyTransformers.ConfigJson(TransformerKind.Bert));
        using var target = TinyTransformers.Classifier(TransformerKind.Bert);

        var error = Assert.Throws<MlOpsException>(() => CheckpointLoader.Load(target, Folder("empty"), replaceHead: false, TinyTransformers.Where));

        Assert.Equal(TransformerErrorCodes.NoWeights, error.Diagnostics[0].Code);
        Assert.Contains("model.safetensors", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
