namespace MlOps.Imaging;

/// <summary>How the deterministic part of preprocessing fits a picture to the model's input.</summary>
public enum ImageCrop
{
    /// <summary>Shorter side to <see cref="ImagePreprocessing.Resize"/>, then the centre Size × Size (torchvision's Resize + CenterCrop).</summary>
    Center,
    /// <summary>Straight to Size × Size, aspect ratio not kept.</summary>
    None,
}

/// <summary>
/// data.image: decode, then resize and crop to <see cref="Size"/> × <see cref="Size"/>, then
/// (pixel / 255 − Mean[c]) / Std[c] per channel. Saved with a model so that a fine-tune and the
/// runtime preprocess exactly as its training did.
/// </summary>
public sealed record ImagePreprocessing(int Size, int Resize, ImageCrop Crop, IReadOnlyList<double> Mean, IReadOnlyList<double> Std, int Channels)
{
    /// <summary>torchvision's ImageNet statistics (RGB).</summary>
    public static readonly IReadOnlyList<double> ImageNetMean = [0.485, 0.456, 0.406];
    public static readonly IReadOnlyList<double> ImageNetStd = [0.229, 0.224, 0.225];

    /// <summary>ImageNet's recipe: shorter side to Size × 256/224, centre crop, ImageNet mean and std.</summary>
    public static ImagePreprocessing ImageNet(int size = 224, int channels = 3) =>
        new(size, (int)Math.Round(size * 256.0 / 224), ImageCrop.Center,
            channels == 1 ? [0.449] : ImageNetMean, channels == 1 ? [0.226] : ImageNetStd, channels);

    [System.Text.Json.Serialization.JsonIgnore]
    public int[] SampleShape => [Channels, Size, Size];

    [System.Text.Json.Serialization.JsonIgnore]
    public int FeaturesPerImage => Channels * Size * Size;

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem() =>
        Size < 8 ? $"size {Size} is below 8 pixels"
        : Resize < Size && Crop == ImageCrop.Center ? $"resize {Resize} is smaller than the crop size {Size}"
        : Channels is not (1 or 3) ? $"channels {Channels} must be 1 (grayscale) or 3 (RGB)"
        : Mean.Count != Channels || Std.Count != Channels ? $"mean and std need one value per channel ({Channels})"
        : Std.Any(s => !(s > 0)) ? "every std must be above 0"
        : null;
}
