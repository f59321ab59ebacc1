using MlOps.Contracts.Diagnostics;
using MlOps.Imaging;
using MlOps.Specs.Model;

namespace MlOps.Core.Data;

/// <summary>
/// Which preprocessing a run uses: the base model's stored one (a fine-tune preprocesses as its
/// base was trained, as a tabular fine-tune reuses its encoder), else data.image over ImageNet's
/// defaults (224 px, shorter side 256 then centre crop, ImageNet mean and std, RGB).
/// </summary>
internal static class ImagePreprocessingChoice
{
    public static ImagePreprocessing Resolve(DataSpec data, FeatureEncoder? baseEncoder, SourceLocation where)
    {
        var spec = data.Image;
        if (baseEncoder is { Preprocessing: { } stored })
        {
            if (spec is not null && Differences(spec, stored) is { Length: > 0 } differences)
            {
                throw DataError.Spec(DataErrorCodes.ImagePreprocessingMismatch, where,
                    $"data.image asks for {differences}, but the base model was trained with size {stored.Size}, resize {stored.Resize}, crop {Crop(stored.Crop)}, mean [{string.Join(", ", stored.Mean)}], std [{string.Join(", ", stored.Std)}], {stored.Channels} channel(s). A fine-tune preprocesses as its base did: remove data.image, or give those values.");
            }
            return stored;
        }
        if (baseEncoder is not null)
        {
            throw DataError.Spec(DataErrorCodes.EncoderMismatch, where,
                $"the base model was trained on {(baseEncoder.IsText ? "text" : baseEncoder.IsImage ? "IDX images" : "tabular data")}, but this data is image files; use a base model trained on image files, or checkpoint: none.");
        }
        var channels = spec?.Channels ?? 3;
        var defaults = ImagePreprocessing.ImageNet(spec?.Size ?? 224, channels);
        var chosen = defaults with
        {
            Resize = spec?.Resize ?? defaults.Resize,
            Crop = spec?.Crop == "none" ? ImageCrop.None : ImageCrop.Center,
            Mean = spec?.Mean ?? defaults.Mean,
            Std = spec?.Std ?? defaults.Std,
        };
        if (chosen.Problem() is { } problem)
        {
            throw DataError.Spec(DataErrorCodes.BadSetting, where, $"data.image: {problem}.");
        }
        return chosen;
    }

    public static IReadOnlyList<ImageAugmentation> Augmentations(DataSpec data) =>
        [.. (data.Augment ?? []).Select(a => a.Kind switch
        {
            AugmentSpec.RandomResizedCrop => (ImageAugmentation)new ImageAugmentation.RandomResizedCrop(a.Amount),
            AugmentSpec.HorizontalFlip => new ImageAugmentation.HorizontalFlip(),
            AugmentSpec.ColorJitter => new ImageAugmentation.ColorJitter(a.Amount, a.Amount, a.Amount),
            AugmentSpec.Rotation => new ImageAugmentation.Rotation(a.Amount),
            _ => throw new ArgumentOutOfRangeException(nameof(data), a.Kind, "not an augmentation"),
        })];

    private static string Crop(ImageCrop crop) => crop == ImageCrop.None ? "none" : "center";

    private static string Differences(ImageSpec spec, ImagePreprocessing stored)
    {
        var differences = new List<string>();
        if (spec.Size is { } size && size != stored.Size)
        {
            differences.Add($"size {size}");
        }
        if (spec.Resize is { } resize && resize != stored.Resize)
        {
            differences.Add($"resize {resize}");
        }
        if (spec.Crop is { } crop && crop != Crop(stored.Crop))
        {
            differences.Add($"crop {crop}");
        }
        if (spec.Channels is { } channels && channels != stored.Channels)
        {
            differences.Add($"{channels} channel(s)");
        }
        if (spec.Mean is { } mean && !mean.SequenceEqual(stored.Mean))
        {
            differences.Add($"mean [{string.Join(", ", mean)}]");
        }
        if (spec.Std is { } std && !std.SequenceEqual(stored.Std))
        {
            differences.Add($"std [{string.Join(", ", std)}]");
        }
        return string.Join(", ", differences);
    }
}
