using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Vision;

/// <summary>
/// torchvision's ResNet up to the pooled features, with its child names (conv1, bn1, layer1…layer4),
/// so that <c>backbone.</c> + a torchvision state-dict name is a name of ours. The stem always has
/// three input channels, as the pretrained weights do.
/// </summary>
internal sealed class ResNetBackbone : nn.Module<Tensor, Tensor>
{
    public const int InputChannels = 3;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly AdaptiveAvgPool2d avgpool;

    public ResNetBackbone(ResNetVariant variant)
        : base(variant.Name)
    {
        conv1 = nn.Conv2d(InputChannels, 64, kernel_size: 7, stride: 2, padding: 3, bias: false);
        bn1 = nn.BatchNorm2d(64);
        maxpool = nn.MaxPool2d(kernel_size: 3, stride: 2, padding: 1);
        long width = 64;
        layer1 = Stage(variant, ref width, 64, variant.BlocksPerStage[0], stride: 1);
        layer2 = Stage(variant, ref width, 128, variant.BlocksPerStage[1], stride: 2);
        layer3 = Stage(variant, ref width, 256, variant.BlocksPerStage[2], stride: 2);
        layer4 = Stage(variant, ref width, 512, variant.BlocksPerStage[3], stride: 2);
        avgpool = nn.AdaptiveAvgPool2d(1);
        RegisterComponents();
        InitialiseAsTorchvision();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = maxpool.forward(nn.functional.relu(bn1.forward(conv1.forward(input))));
        x = layer4.forward(layer3.forward(layer2.forward(layer1.forward(x))));
        return avgpool.forward(x).flatten(1).MoveToOuterDisposeScope();
    }

    /// <summary>One stage: the first block changes width and stride (with a downsample branch), the rest keep them.</summary>
    private static Sequential Stage(ResNetVariant variant, ref long width, long planes, int blocks, long stride)
    {
        var output = planes * variant.Expansion;
        var downsample = stride != 1 || width != output ? ResNetBlocks.Downsample(width, output, stride) : null;
        var modules = new List<nn.Module<Tensor, Tensor>> { Block(variant, width, planes, stride, downsample) };
        for (var i = 1; i < blocks; i++)
        {
            modules.Add(Block(variant, output, planes, 1, null));
        }
        width = output;
        return nn.Sequential(modules);
    }

    private static nn.Module<Tensor, Tensor> Block(ResNetVariant variant, long input, long planes, long stride, Sequential? downsample) =>
        variant.Bottleneck ? new Bottleneck(input, planes, stride, downsample) : new BasicBlock(input, planes, stride, downsample);

    /// <summary>torchvision's initialisation: Kaiming-normal (fan out) convolutions, BatchNorm γ = 1, β = 0.</summary>
    private void InitialiseAsTorchvision()
    {
        using var _ = no_grad();
        foreach (var (_, module) in named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                    break;
                case BatchNorm2d norm:
                    nn.init.ones_(norm.weight);
                    nn.init.zeros_(norm.bias);
                    break;
            }
        }
    }
}
