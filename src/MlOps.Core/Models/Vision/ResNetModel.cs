using TorchSharp;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Vision;

/// <summary>
/// `resnet18` / `resnet50`: torchvision's ResNet as a <see cref="FineTuneModule"/>. Parameter and
/// buffer names are torchvision's under <c>backbone.</c>, and torchvision's <c>fc</c> is our <c>head</c>,
/// so torchvision and timm weights load by name (see <see cref="ResNetWeights"/>).
/// Takes images shaped [channels, height, width] with 1 or 3 channels, of any size (28×28 works:
/// the strides take it to 1×1 before the pooling).
/// </summary>
public sealed class ResNetModel : FineTuneModule
{
    private readonly ResNetBackbone backbone;

    public ResNetModel(ResNetVariant variant, ModelShape shape)
        : base(variant.Name, variant.FeatureSize, shape.ClassCount)
    {
        if (shape.SampleShape is not [1 or ResNetBackbone.InputChannels, > 0, > 0])
        {
            throw new ArgumentException(
                $"{variant.Name} takes images shaped [channels, height, width] with 1 (grayscale) or 3 (RGB) channels, not [{string.Join(", ", shape.SampleShape)}]",
                nameof(shape));
        }
        Variant = variant;
        backbone = new ResNetBackbone(variant);
        RegisterComponents();
    }

    public ResNetVariant Variant { get; }

    public override Tensor Features(Tensor input)
    {
        // Pretrained conv1 weights are RGB ([64, 3, 7, 7]). A grayscale image is repeated to three
        // channels, as torchvision users do (transforms.Grayscale(num_output_channels=3)).
        if (input.shape[1] == 1)
        {
            using var rgb = input.expand(-1, ResNetBackbone.InputChannels, -1, -1);
            return backbone.forward(rgb);
        }
        return backbone.forward(input);
    }
}
