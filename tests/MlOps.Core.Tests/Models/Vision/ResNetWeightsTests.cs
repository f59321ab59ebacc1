using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Vision;
using MlOps.Core.Tests.Torch;
using MlOps.Specs.Model;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Models.Vision;

/// <summary>torchvision-named weights load by name and give torchvision's outputs; mismatches give the diff.</summary>
[Collection(TorchCollection.Name)]
public sealed class ResNetWeightsTests : IDisposable
{
    private static readonly SourceLocation Where = new("spec.yaml", 5, 3);
    private readonly string folder = Directory.CreateTempSubdirectory("mlops-resnet-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string PathOf(string name) => Path.Combine(folder, name);

    /// <summary>Writes the formula's torchvision-named weights as a user would bring them.</summary>
    private string WriteCheckpoint(string arch, string form, Action<Dictionary<string, Tensor>>? edit = null)
    {
        var stateDict = TorchVisionFixture.FormulaStateDict(arch);
        edit?.Invoke(stateDict);
        try
        {
            switch (form)
            {
                case "pt":
                    TorchVisionFixture.SavePyTorch(PathOf(arch + ".pth"), stateDict);
                    return PathOf(arch + ".pth");
                case "safetensors":
                    SafeTensorsFile.Write(PathOf(arch + ".safetensors"), stateDict, new Dictionary<string, string> { ["format"] = "pt" });
                    return PathOf(arch + ".safetensors");
                default: // a timm-style Hugging Face folder
                    var hub = Directory.CreateDirectory(PathOf(arch + "-hub")).FullName;
                    File.WriteAllText(Path.Combine(hub, "config.json"), $$"""{ "architecture": "{{arch}}.a1_in1k", "num_classes": 10, "num_features": 512 }""");
                    if (form == "folder-bin")
                    {
                        TorchVisionFixture.SavePyTorch(Path.Combine(hub, "pytorch_model.bin"), stateDict);
                    }
                    else
                    {
                        SafeTensorsFile.Write(Path.Combine(hub, "model.safetensors"), stateDict, new Dictionary<string, string>());
                    }
                    return hub;
            }
        }
        finally
        {
            StateDict.Dispose(stateDict);
        }
    }

    private static MlOpsException LoadFails(string arch, string path, bool replaceHead = false)
    {
        using var model = TorchVisionFixture.Build(arch);
        return Assert.Throws<MlOpsException>(() => CheckpointLoader.Load(model, path, replaceHead, Where));
    }

    [Theory]
    [InlineData("resnet18", "pt")]
    [InlineData("resnet18", "safetensors")]
    [InlineData("resnet18", "folder-safetensors")]
    [InlineData("resnet18", "folder-bin")]
    [InlineData("resnet50", "pt")]
    public void Torchvision_weights_load_by_name_and_reproduce_torchvisions_outputs(string arch, string form)
    {
        var path = WriteCheckpoint(arch, form);
        using var model = TorchVisionFixture.Build(arch);
        CheckpointLoader.Load(model, path, replaceHead: false, Where);
        model.eval();

        using var input = TorchVisionFixture.Input();
        using var logits = model.forward(input);
        using var features = model.Features(input);
        var expected = TorchVisionFixture.Outputs(arch);

        for (var row = 0; row < 2; row++)
        {
            AssertClose(expected.Logits[row], logits[row].data<float>().ToArray(), 2e-4);
            AssertClose(expected.FeaturesFirst16[row], features[row, ..16].data<float>().ToArray(), 2e-4);
            AssertClose([expected.FeaturesSum[row]], [features[row].sum().item<float>()], 2e-2);
        }
        // The two images differ, and so must their logits: the model is not ignoring its input.
        Assert.NotEqual(logits[0].data<float>().ToArray(), logits[1].data<float>().ToArray());
    }

    [Fact]
    public void BatchNorm_running_statistics_and_counters_load_too()
    {
        var path = WriteCheckpoint("resnet18", "pt");
        using var model = TorchVisionFixture.Build("resnet18");
        CheckpointLoader.Load(model, path, replaceHead: false, Where);
        var state = model.state_dict();

        using var expectedVar = TorchVisionFixture.Formula("layer3.1.bn2.running_var", [256], integer: false);
        Assert.Equal(expectedVar.data<float>().ToArray(), state["backbone.layer3.1.bn2.running_var"].data<float>().ToArray());
        Assert.Equal(7L, state["backbone.layer2.0.downsample.1.num_batches_tracked"].item<long>());
    }

    [Fact]
    public void A_grayscale_image_is_seen_as_the_same_image_in_three_equal_channels()
    {
        using var model = TorchVisionFixture.Build("resnet18", channels: 1);
        model.eval();
        manual_seed(5);
        using var gray = randn(2, 1, 28, 28);
        using var rgb = gray.repeat(1, 3, 1, 1);

        Assert.Equal(model.forward(rgb).data<float>().ToArray(), model.forward(gray).data<float>().ToArray());
    }

    [Fact]
    public void Head_replace_loads_the_backbone_of_a_1000_class_checkpoint_and_keeps_a_head_sized_for_the_data()
    {
        var path = WriteCheckpoint("resnet18", "pt", sd =>
        {
            sd["fc.weight"].Dispose();
            sd["fc.weight"] = zeros(1000, 512);
            sd["fc.bias"].Dispose();
            sd["fc.bias"] = zeros(1000);
        });
        using var model = TorchVisionFixture.Build("resnet18", classes: 4);
        CheckpointLoader.Load(model, path, replaceHead: true, Where);

        using var conv1 = TorchVisionFixture.Formula("conv1.weight", [64, 3, 7, 7], integer: false);
        Assert.Equal(conv1.data<float>().ToArray(), model.state_dict()["backbone.conv1.weight"].data<float>().ToArray());
        Assert.Equal([4, 512], model.head.weight.shape);
        Assert.NotEqual(0f, model.head.weight.abs().sum().item<float>()); // fresh, not the file's zeros

        var keep = LoadFails("resnet18", path); // head: keep with 1000 classes in the file, 10 in the model
        Assert.Contains("head.weight (model [10,512], file [1000,512])", keep.Message, StringComparison.Ordinal);
        Assert.Contains("fc.* is head.*", keep.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_renamed_and_a_misshaped_tensor_give_one_readable_diff_with_shapes()
    {
        var path = WriteCheckpoint("resnet18", "safetensors", sd =>
        {
            sd["layer1.0.conv_1.weight"] = sd["layer1.0.conv1.weight"];
            sd.Remove("layer1.0.conv1.weight");
            sd["layer2.0.conv1.weight"].Dispose();
            sd["layer2.0.conv1.weight"] = zeros(128, 64, 5, 5);
        });

        var error = LoadFails("resnet18", path);

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal((CheckpointErrorCodes.Mismatch, Where), (diagnostic.Code, diagnostic.Location));
        Assert.Contains("1 missing: backbone.layer1.0.conv1.weight;", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("1 unexpected: backbone.layer1.0.conv_1.weight;", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("1 mis-shaped: backbone.layer2.0.conv1.weight (model [128,64,3,3], file [128,64,5,5])", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resnet50_weights_into_resnet18_list_what_does_not_fit()
    {
        var error = LoadFails("resnet18", WriteCheckpoint("resnet50", "pt"));

        Assert.Matches(@"\d+ unexpected: backbone\.layer\d\.\d\.", error.Message);
        Assert.Contains("mis-shaped: backbone.layer1.0.conv1.weight (model [64,64,3,3], file [64,64,1,1])", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_without_batch_counters_load_and_keep_zero_counters()
    {
        var path = WriteCheckpoint("resnet18", "pt", sd =>
        {
            foreach (var key in sd.Keys.Where(k => k.EndsWith("num_batches_tracked", StringComparison.Ordinal)).ToList())
            {
                sd[key].Dispose();
                sd.Remove(key);
            }
        });
        using var model = TorchVisionFixture.Build("resnet18");
        CheckpointLoader.Load(model, path, replaceHead: false, Where);

        Assert.Equal(0L, model.state_dict()["backbone.bn1.num_batches_tracked"].item<long>());
        using var bias = TorchVisionFixture.Formula("bn1.bias", [64], integer: false);
        Assert.Equal(bias.data<float>().ToArray(), model.state_dict()["backbone.bn1.bias"].data<float>().ToArray());
    }

    [Fact]
    public void A_file_torch_save_wrote_reads_with_its_int64_counters_and_a_partial_one_lists_whats_missing()
    {
        var stem = TorchVisionFixture.PathOf("torchvision-stem.pt"); // conv1 + bn1 of a real torchvision resnet18
        var (stateDict, _) = CheckpointFile.ReadStateDict(stem);
        try
        {
            Assert.Equal(["bn1.bias", "bn1.num_batches_tracked", "bn1.running_mean", "bn1.running_var", "bn1.weight", "conv1.weight"], stateDict.Keys.Order(StringComparer.Ordinal));
            Assert.Equal((ScalarType.Int64, 0), (stateDict["bn1.num_batches_tracked"].dtype, stateDict["bn1.num_batches_tracked"].shape.Length));
        }
        finally
        {
            StateDict.Dispose(stateDict);
        }

        var error = LoadFails("resnet18", stem, replaceHead: true);
        Assert.Contains("95 missing: backbone.layer1.0.conv1.weight", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hub_folder_without_weights_is_an_error_naming_the_files_it_looked_for()
    {
        var hub = Directory.CreateDirectory(PathOf("empty-hub")).FullName;

        var error = LoadFails("resnet18", hub);

        Assert.Equal(ResNetErrorCodes.NoWeightsInFolder, Assert.Single(error.Diagnostics).Code);
        Assert.Contains("model.safetensors or pytorch_model.bin", error.Message, StringComparison.Ordinal);
    }

    private static void AssertClose(float[] expected, float[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"[{i}]: torchvision {expected[i]}, ours {actual[i]}");
        }
    }
}
