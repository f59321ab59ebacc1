using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models;

/// <summary>
/// `cnn-small`: two 3×3 conv blocks (16, 32 channels, each ReLU + 2×2 max-pool) and a 128-wide
/// fully connected layer, for 1×28×28 images (MNIST, Fashion-MNIST).
/// </summary>
public sealed class SmallCnnModel : FineTuneModule
{
    private const int Width = 128;
    private readonly Sequential backbone;

    public SmallCnnModel(ModelShape shape)
        : base("cnn-small", Width, shape.ClassCount)
    {
        if (shape.SampleShape is not [var channels, var height, var width] || height % 4 != 0 || width % 4 != 0)
        {
            throw new ArgumentException($"cnn-small takes images shaped [channels, height, width] with height and width divisible by 4, not [{string.Join(", ", shape.SampleShape)}]", nameof(shape));
        }
        backbone = nn.Sequential(
            ("conv1", nn.Conv2d(channels, 16, 3, padding: 1)),
            ("relu1", nn.ReLU()),
            ("pool1", nn.MaxPool2d(2)),
            ("conv2", nn.Conv2d(16, 32, 3, padding: 1)),
            ("relu2", nn.ReLU()),
            ("pool2", nn.MaxPool2d(2)),
            ("flatten", nn.Flatten()),
            ("fc", nn.Linear(32 * (height / 4) * (width / 4), Width)),
            ("relu3", nn.ReLU()));
        RegisterComponents();
    }

    public override Tensor Features(Tensor input) => backbone.forward(input);
}
