using MlOps.Core.Models;
using MlOps.Core.Models.Vision;
using MlOps.Core.Tests.Torch;

namespace MlOps.Core.Tests.Models.Vision;

/// <summary>Our ResNets have torchvision's state_dict: the same names (fc ↔ head), dtypes and shapes.</summary>
[Collection(TorchCollection.Name)]
public sealed class ResNetNameTests
{
    [Theory]
    [InlineData("resnet18", 62, 122)]
    [InlineData("resnet50", 161, 320)]
    public void Parameter_and_state_dict_counts_are_torchvisions(string arch, int parameters, int entries)
    {
        using var model = TorchVisionFixture.Build(arch);

        Assert.Equal(parameters, model.parameters().Count());
        Assert.Equal(entries, model.state_dict().Count);
        Assert.Equal(entries, TorchVisionFixture.StateDict(arch).Count); // what torchvision 0.14.1 wrote
    }

    [Theory]
    [InlineData("resnet18")]
    [InlineData("resnet50")]
    public void Every_name_dtype_and_shape_equals_torchvisions(string arch)
    {
        using var model = TorchVisionFixture.Build(arch);
        var ours = model.state_dict()
            .Select(p => (Name: TorchVisionNames.ToTorchVision(p.Key), DType: p.Value.dtype.ToString().ToLowerInvariant(), Shape: string.Join(",", p.Value.shape)))
            .OrderBy(e => e.Name, StringComparer.Ordinal) // TorchSharp lists parameters before buffers; loading is by name
            .ToList();
        var theirs = TorchVisionFixture.StateDict(arch).Select(e => (e.Name, e.DType, Shape: string.Join(",", e.Shape))).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();

        Assert.Equal(theirs, ours);
    }

    [Fact]
    public void Names_a_user_globs_for_are_where_torchvision_puts_them()
    {
        using var resnet18 = TorchVisionFixture.Build("resnet18");
        using var resnet50 = TorchVisionFixture.Build("resnet50");
        var small = resnet18.state_dict();
        var large = resnet50.state_dict();

        Assert.Equal([64, 3, 7, 7], small["backbone.conv1.weight"].shape);
        Assert.Equal([128, 64, 1, 1], small["backbone.layer2.0.downsample.0.weight"].shape);
        Assert.Contains("backbone.layer2.0.downsample.1.num_batches_tracked", small.Keys);
        Assert.DoesNotContain("backbone.layer1.0.downsample.0.weight", small.Keys); // same width, stride 1
        Assert.Equal([256, 64, 1, 1], large["backbone.layer1.0.downsample.0.weight"].shape); // 64 → 4·64
        Assert.Equal([512, 512, 3, 3], large["backbone.layer4.0.conv2.weight"].shape);
        Assert.Equal([10, 2048], large["head.weight"].shape);
        Assert.Equal((512, 2048), (resnet18.FeatureSize, resnet50.FeatureSize));
    }

    [Fact]
    public void Both_are_in_the_registry_and_refuse_images_that_are_neither_gray_nor_rgb()
    {
        var registry = new ModelRegistry();
        Assert.True(registry.TryCreate("resnet18", new ModelShape([1, 28, 28], 5, [], 0), out var model));
        using (model)
        {
            Assert.IsType<ResNetModel>(model);
        }

        var error = Assert.Throws<ArgumentException>(() => registry.TryCreate("resnet50", new ModelShape([4, 28, 28], 5, [], 0), out _));
        Assert.Contains("1 (grayscale) or 3 (RGB) channels, not [4, 28, 28]", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => registry.TryCreate("resnet18", new ModelShape([30], 5, [], 0), out _));
    }
}
