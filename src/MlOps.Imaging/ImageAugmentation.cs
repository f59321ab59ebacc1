namespace MlOps.Imaging;

/// <summary>One random training-time transform (data.augment); evaluation never applies any.</summary>
public abstract record ImageAugmentation
{
    private ImageAugmentation()
    {
    }

    /// <summary>A random part (area share in [MinScale, 1], aspect ratio in [3/4, 4/3]) resized to the input size, instead of the centre crop.</summary>
    public sealed record RandomResizedCrop(double MinScale) : ImageAugmentation;

    /// <summary>Mirrors left–right with probability 0.5.</summary>
    public sealed record HorizontalFlip : ImageAugmentation;

    /// <summary>Scales brightness, contrast and saturation by random factors in [1 − x, 1 + x].</summary>
    public sealed record ColorJitter(double Brightness, double Contrast, double Saturation) : ImageAugmentation;

    /// <summary>Rotates by a random angle in [−Degrees, Degrees], the corners filled with white.</summary>
    public sealed record Rotation(double Degrees) : ImageAugmentation;
}
