namespace MlOps.Specs.Model;

/// <summary>
/// data.image: how pictures become model input. Each value null means "from the base model" (its
/// stored preprocessing), else ImageNet's (224 px, its mean and std, RGB).
/// </summary>
public sealed record ImageSpec
{
    /// <summary>The square input side in pixels.</summary>
    public int? Size { get; init; }
    /// <summary>The shorter side before the centre crop; null: size × 256/224.</summary>
    public int? Resize { get; init; }
    /// <summary>"center" (resize the shorter side, crop the centre) or "none" (stretch to size × size).</summary>
    public string? Crop { get; init; }
    public IReadOnlyList<double>? Mean { get; init; }
    public IReadOnlyList<double>? Std { get; init; }
    /// <summary>1 (grayscale) or 3 (RGB).</summary>
    public int? Channels { get; init; }
}

/// <summary>One data.augment entry: a transform's name and its amount (a fraction or degrees; 0 for horizontal_flip).</summary>
public sealed record AugmentSpec(string Kind, double Amount)
{
    public const string RandomResizedCrop = "random_resized_crop";
    public const string HorizontalFlip = "horizontal_flip";
    public const string ColorJitter = "color_jitter";
    public const string Rotation = "rotation";

    public static readonly IReadOnlyList<string> Kinds = [RandomResizedCrop, HorizontalFlip, ColorJitter, Rotation];
}
