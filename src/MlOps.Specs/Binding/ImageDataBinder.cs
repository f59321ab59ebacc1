using MlOps.Specs.Formats;
using MlOps.Specs.Model;
using MlOps.Specs.Yaml;

namespace MlOps.Specs.Binding;

/// <summary>`data.image`, `data.augment`, `data.path_column`, `data.skip_unreadable`, and the folders of format: imagefolder.</summary>
internal static class ImageDataBinder
{
    public sealed record ImageSettings(ImageSpec? Image, IReadOnlyList<AugmentSpec>? Augment, string? PathColumn, bool SkipUnreadable);

    private static readonly string[] Keys = ["image", "augment", "path_column", "skip_unreadable"];

    public static ImageSettings Bind(SpecContext ctx, MappingReader r, DataFormatDefinition format)
    {
        var images = format.Format is DataFormat.ImageFolder or DataFormat.Images;
        if (!images)
        {
            foreach (var key in Keys)
            {
                if (r.KeyNode(key) is { } keyNode)
                {
                    ctx.Error(SpecErrorCodes.ImageSettingNotApplicable, $"'{r.Join(key)}' only applies to image data (format: imagefolder or images), not format: {format.Name}", keyNode);
                }
            }
            return new ImageSettings(null, null, null, false);
        }
        var pathColumn = r.Text("path_column");
        if (pathColumn is not null && format.Format != DataFormat.Images)
        {
            ctx.Error(SpecErrorCodes.ImageSettingNotApplicable, $"'{r.Join("path_column")}' names a manifest column and only applies to format: images", r.KeyNode("path_column")!);
        }
        return new ImageSettings(Image(ctx, r), Augment(ctx, r), pathColumn, r.Bool("skip_unreadable") ?? false);
    }

    /// <summary>A folder input (format: imagefolder): resolved like a file path, but it must be a folder.</summary>
    public static string? Folder(SpecContext ctx, MappingReader r, string key, bool required)
    {
        if (r.Value(key) is not { } node)
        {
            if (required)
            {
                r.Missing(key, "a folder with one subfolder of images per class, relative to the spec");
            }
            return null;
        }
        var full = ctx.Paths.Resolve(ctx, node, r.Join(key), mustExist: false);
        if (full is not null && !Directory.Exists(full))
        {
            ctx.Error(SpecErrorCodes.ImageFolderNotFound, $"'{r.Join(key)}' '{((YScalar)node).Value}' is not a folder (looked for '{full}'); format: imagefolder takes a folder with one subfolder of images per class", node);
            return null;
        }
        return full;
    }

    private static ImageSpec? Image(SpecContext ctx, MappingReader data)
    {
        if (data.Mapping("image", "data.image") is not { } r)
        {
            return null;
        }
        var spec = new ImageSpec
        {
            Size = r.Int("size", new NumberRange(8, 1024)),
            Resize = r.Int("resize", new NumberRange(8, 4096)),
            Crop = r.Choice("crop", ["center", "none"]),
            Mean = Numbers(ctx, r, "mean", new NumberRange(-10, 10)),
            Std = Numbers(ctx, r, "std", new NumberRange(1e-6, 10)),
            Channels = r.Int("channels", new NumberRange(1, 3)),
        };
        if (spec.Channels == 2)
        {
            ctx.Error(SpecErrorCodes.ImageSettingInvalid, "'data.image.channels' must be 1 (grayscale) or 3 (RGB)", r.Value("channels")!);
        }
        foreach (var key in new[] { "mean", "std" })
        {
            var values = key == "mean" ? spec.Mean : spec.Std;
            if (values is not null && values.Count != (spec.Channels ?? values.Count) || values is { Count: not (1 or 3) })
            {
                ctx.Error(SpecErrorCodes.ImageSettingInvalid, $"'data.image.{key}' needs one value per channel ({spec.Channels ?? 3}), found {values!.Count}", r.Value(key)!);
            }
        }
        if (spec.Resize is { } resize && spec.Size is { } size && resize < size && spec.Crop != "none")
        {
            ctx.Error(SpecErrorCodes.ImageSettingInvalid, $"'data.image.resize' ({resize}) is below 'size' ({size}): the centre crop would not fit; make resize at least size", r.Value("resize")!);
        }
        return spec;
    }

    private static List<double>? Numbers(SpecContext ctx, MappingReader r, string key, NumberRange range)
    {
        if (r.Sequence(key) is not { } seq)
        {
            return null;
        }
        var values = new List<double>();
        for (var i = 0; i < seq.Items.Count; i++)
        {
            if (ScalarReaders.Number(ctx, seq.Items[i], $"{r.Join(key)}[{i}]", range) is { } v)
            {
                values.Add(v);
            }
        }
        return values;
    }

    /// <summary>Each entry a name (<c>horizontal_flip</c>) or a one-key mapping to its amount (<c>{ rotation: 15 }</c>).</summary>
    private static List<AugmentSpec>? Augment(SpecContext ctx, MappingReader r)
    {
        if (r.Sequence("augment") is not { } seq)
        {
            return null;
        }
        var result = new List<AugmentSpec>();
        for (var i = 0; i < seq.Items.Count; i++)
        {
            var path = $"{r.Join("augment")}[{i}]";
            var (nameNode, amountNode) = seq.Items[i] switch
            {
                YScalar s => ((YNode)s, (YNode?)null),
                YMapping { Entries.Count: 1 } m => (m.Entries[0].Key, m.Entries[0].Value),
                var other => (other, null),
            };
            if (nameNode is not YScalar { } name || !AugmentSpec.Kinds.Contains(name.Value))
            {
                ctx.Error(SpecErrorCodes.UnknownAugmentation,
                    $"'{path}' must be one of {string.Join(", ", AugmentSpec.Kinds)}, as a name or a one-key mapping to its amount (e.g. {{ rotation: 15 }}); found {(nameNode is YScalar n ? $"'{n.Value}'{Suggestions.DidYouMean(n.Value, AugmentSpec.Kinds)}" : nameNode.Describe())}", nameNode);
                continue;
            }
            var (range, fallback) = name.Value switch
            {
                AugmentSpec.RandomResizedCrop => (new NumberRange(0.05, 1), 0.5), // the smallest area share
                AugmentSpec.ColorJitter => (new NumberRange(0, 1), 0.2),
                AugmentSpec.Rotation => (new NumberRange(0, 180), 15.0),
                _ => (new NumberRange(0, 0), 0.0),
            };
            if (amountNode is not null && name.Value == AugmentSpec.HorizontalFlip && amountNode is not YScalar { Kind: ScalarKind.Null })
            {
                ctx.Error(SpecErrorCodes.UnknownAugmentation, $"'{path}': horizontal_flip takes no amount (it mirrors half of the pictures); write it as a plain name", amountNode);
                continue;
            }
            var amount = amountNode is null or YScalar { Kind: ScalarKind.Null } ? fallback : ScalarReaders.Number(ctx, amountNode, $"{path}.{name.Value}", range);
            if (amount is { } value)
            {
                result.Add(new AugmentSpec(name.Value, value));
            }
        }
        return result;
    }
}
