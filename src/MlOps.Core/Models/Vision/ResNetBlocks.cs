using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Vision;

/// <summary>
/// The residual blocks of torchvision's <c>resnet.py</c>, with its field names (conv1, bn1, …,
/// downsample) so that state-dict names match torchvision's one for one.
/// </summary>
internal static class ResNetBlocks
{
    public static Conv2d Conv3x3(long input, long output, long stride = 1) =>
        nn.Conv2d(input, output, kernel_size: 3, stride: stride, padding: 1, bias: false);

    public static Conv2d Conv1x1(long input, long output, long stride = 1) =>
        nn.Conv2d(input, output, kernel_size: 1, stride: stride, bias: false);

    /// <summary>downsample = Sequential(0: 1×1 conv with the block's stride, 1: BatchNorm), as torchvision.</summary>
    public static Sequential Downsample(long input, long output, long stride) =>
        nn.Sequential(Conv1x1(input, output, stride), nn.BatchNorm2d(output));
}

/// <summary>ResNet-18/34 block: two 3×3 convolutions; the first carries the stride.</summary>
internal sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    public const int Expansion = 1;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? downsample;

    public BasicBlock(long input, long planes, long stride, Sequential? downsample)
        : base(nameof(BasicBlock))
    {
        conv1 = ResNetBlocks.Conv3x3(input, planes, stride);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = ResNetBlocks.Conv3x3(planes, planes);
        bn2 = nn.BatchNorm2d(planes);
        this.downsample = downsample;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(bn1.forward(conv1.forward(input)));
        x = bn2.forward(conv2.forward(x));
        var identity = downsample is null ? input : downsample.forward(input);
        return nn.functional.relu(x + identity).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// ResNet-50 block (torchvision's "v1.5"): 1×1 reduce, 3×3 with the stride, 1×1 expand (×4).
/// The original paper put the stride on the first 1×1; torchvision's weights need it on the 3×3.
/// </summary>
internal sealed class Bottleneck : nn.Module<Tensor, Tensor>
{
    public const int Expansion = 4;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Sequential? downsample;

    public Bottleneck(long input, long planes, long stride, Sequential? downsample)
        : base(nameof(Bottleneck))
    {
        conv1 = ResNetBlocks.Conv1x1(input, planes);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = ResNetBlocks.Conv3x3(planes, planes, stride);
        bn2 = nn.BatchNorm2d(planes);
        conv3 = ResNetBlocks.Conv1x1(planes, planes * Expansion);
        bn3 = nn.BatchNorm2d(planes * Expansion);
        this.downsample = downsample;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(bn1.forward(conv1.forward(input)));
        x = nn.functional.relu(bn2.forward(conv2.forward(x)));
        x = bn3.forward(conv3.forward(x));
        var identity = downsample is null ? input : downsample.forward(input);
        return nn.functional.relu(x + identity).MoveToOuterDisposeScope();
    }
}
