using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models;

/// <summary>
/// `audio-cnn`: the cnn-small idea for log-mel spectrograms [1, n_mels, frames]: three 3×3 conv
/// blocks (16, 32, 64 channels, each batch norm + ReLU + 2×2 max-pool), an average over time only
/// (any clip length fits; where in frequency a pattern sits is what tells words apart, so that
/// axis is kept), and a 128-wide fully connected layer.
/// </summary>
public sealed class AudioCnnModel : FineTuneModule
{
    private const int Width = 128;
    private const int MinimumSide = 8;
    private readonly Sequential backbone;

    public AudioCnnModel(ModelShape shape)
        : base("audio-cnn", Width, shape.ClassCount)
    {
        if (shape.SampleShape is not [var channels, var mels, var frames] || mels < MinimumSide || frames < MinimumSide)
        {
            throw new ArgumentException($"audio-cnn takes log-mel spectrograms shaped [channels, n_mels, frames], each side at least {MinimumSide} (format: audiofolder or audio), not [{string.Join(", ", shape.SampleShape)}]", nameof(shape));
        }
        backbone = nn.Sequential(
            ("conv1", nn.Conv2d(channels, 16, 3, padding: 1)),
            ("norm1", nn.BatchNorm2d(16)),
            ("relu1", nn.ReLU()),
            ("pool1", nn.MaxPool2d(2)),
            ("conv2", nn.Conv2d(16, 32, 3, padding: 1)),
            ("norm2", nn.BatchNorm2d(32)),
            ("relu2", nn.ReLU()),
            ("pool2", nn.MaxPool2d(2)),
            ("conv3", nn.Conv2d(32, 64, 3, padding: 1)),
            ("norm3", nn.BatchNorm2d(64)),
            ("relu3", nn.ReLU()),
            ("pool3", nn.MaxPool2d(2)),
            ("average", nn.AdaptiveAvgPool2d([mels / 8, 1])),
            ("flatten", nn.Flatten()),
            ("fc", nn.Linear(64 * (mels / 8), Width)),
            ("relu4", nn.ReLU()));
        RegisterComponents();
    }

    public override Tensor Features(Tensor input) => backbone.forward(input);
}
