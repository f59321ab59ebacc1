using System.Collections;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Tests.Torch;
using MlOps.Specs.Model;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Models;

/// <summary>Checkpoints in the three formats users bring, strict loading and head replacement.</summary>
[Collection(TorchCollection.Name)]
public sealed class CheckpointTests : IDisposable
{
    private static readonly SourceLocation Where = new("spec.yaml", 4, 3);
    private readonly string folder = Directory.CreateTempSubdirectory("mlops-ckpt-").FullName;

    private static MlpModel Mlp(int classes = 3, int hidden = 8, int seed = 1)
    {
        manual_seed(seed);
        return new MlpModel(new ModelShape([5], classes, [hidden], 0));
    }

    private static Dictionary<string, float[]> Weights(nn.Module model) =>
        model.state_dict().ToDictionary(p => p.Key, p => p.Value.data<float>().ToArray());

    private string PathOf(string name) => Path.Combine(folder, name);

    [Fact]
    public void Safetensors_round_trip_keeps_every_tensor_and_the_metadata()
    {
        using var model = Mlp();
        var metadata = new ModelMetadata("mlp", ["a", "b", "c"], [5], [8], 0.1, "{\"columns\":[]}");
        CheckpointFile.Save(model, metadata, PathOf("m.safetensors"));

        using var loaded = Mlp(seed: 2);
        CheckpointLoader.Load(loaded, PathOf("m.safetensors"), replaceHead: false, Where);

        Assert.Equal(Weights(model), Weights(loaded));
        var read = CheckpointFile.ReadMetadata(PathOf("m.safetensors"))!;
        Assert.Equal(("mlp", 0.1, "{\"columns\":[]}"), (read.Architecture, read.Dropout, read.EncoderJson));
        Assert.Equal(["a", "b", "c"], read.Classes);
        Assert.Equal([5], read.SampleShape);
        Assert.Equal([8], read.Hidden);
    }

    [Fact]
    public void A_PyTorch_state_dict_loads_by_name()
    {
        using var model = Mlp();
        var table = new Hashtable();
        foreach (var (name, tensor) in model.state_dict())
        {
            table[name] = tensor;
        }
        PyTorchPickler.PickleStateDict(PathOf("m.pt"), table);

        using var loaded = Mlp(seed: 2);
        CheckpointLoader.Load(loaded, PathOf("m.pt"), replaceHead: false, Where);

        Assert.Equal(Weights(model), Weights(loaded));
    }

    [Fact]
    public void A_TorchSharp_dat_checkpoint_loads()
    {
        using var model = Mlp();
        model.save(PathOf("m.dat"));

        using var loaded = Mlp(seed: 2);
        CheckpointLoader.Load(loaded, PathOf("m.dat"), replaceHead: false, Where);

        Assert.Equal(Weights(model), Weights(loaded));
    }

    [Fact]
    public void Replacing_the_head_loads_the_backbone_and_keeps_a_fresh_head_sized_for_the_new_labels()
    {
        using var pretrained = Mlp(classes: 3);
        CheckpointFile.Save(pretrained, new ModelMetadata("mlp", ["a", "b", "c"], [5], [8], 0, null), PathOf("base.safetensors"));
        using var fineTune = Mlp(classes: 2, seed: 2);
        var freshHead = Weights(fineTune)["head.weight"];

        CheckpointLoader.Load(fineTune, PathOf("base.safetensors"), replaceHead: true, Where);

        Assert.Equal(Weights(pretrained)["backbone.fc1.weight"], Weights(fineTune)["backbone.fc1.weight"]);
        Assert.Equal(freshHead, Weights(fineTune)["head.weight"]);
        Assert.Equal([2L, 8L], fineTune.state_dict()["head.weight"].shape);
    }

    [Fact]
    public void A_checkpoint_that_does_not_fit_is_one_error_listing_the_mis_shaped_tensors()
    {
        using var wide = Mlp(hidden: 16);
        CheckpointFile.Save(wide, new ModelMetadata("mlp", ["a", "b", "c"], [5], [16], 0, null), PathOf("wide.safetensors"));
        using var narrow = Mlp(hidden: 8);

        var error = Assert.Throws<MlOpsException>(() => CheckpointLoader.Load(narrow, PathOf("wide.safetensors"), replaceHead: false, Where));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal((CheckpointErrorCodes.Mismatch, Where), (diagnostic.Code, diagnostic.Location));
        Assert.Contains("mis-shaped: backbone.fc1.weight (model [8,5], file [16,5])", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("head.weight", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_and_unexpected_tensors_are_named()
    {
        using var model = Mlp();
        var weights = model.state_dict().Where(p => p.Key != "backbone.fc1.bias").ToDictionary(p => p.Key, p => p.Value);
        weights["extra.weight"] = zeros(2);

        var error = Assert.Throws<MlOpsException>(() => CheckpointLoader.Apply(model, weights, replaceHead: false, "x.safetensors", Where));

        Assert.Contains("1 missing: backbone.fc1.bias", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 unexpected: extra.weight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_file_is_a_clear_error_not_a_crash()
    {
        using var model = Mlp();
        CheckpointFile.Save(model, new ModelMetadata("mlp", ["a", "b", "c"], [5], [8], 0, null), PathOf("m.safetensors"));
        var bytes = File.ReadAllBytes(PathOf("m.safetensors"));
        File.WriteAllBytes(PathOf("cut.safetensors"), bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<MlOpsException>(() => CheckpointLoader.Load(Mlp(), PathOf("cut.safetensors"), replaceHead: false, Where));

        Assert.Equal(CheckpointErrorCodes.Unreadable, error.Diagnostics[0].Code);
        Assert.Contains("cut.safetensors", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
