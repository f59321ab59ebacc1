using MlOps.Contracts.Diagnostics;
using MlOps.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ManifestImage = MlOps.Contracts.Export.ImagePreprocessing;

namespace MlOps.Runtime;

/// <summary>
/// Encoded pictures (JPEG, PNG, BMP, GIF, WebP) to <c>pixel_values</c> through MlOps.Imaging, the
/// code training's evaluation ran (decode, orient, resize, crop, composite, normalise; no augmentation),
/// so a file scores as its validation row did.
/// </summary>
internal sealed class ImageFileInputs
{
    private readonly ImagePreprocessing preprocessing;

    public ImageFileInputs(ManifestImage image, string source)
    {
        var crop = image.Crop == Contracts.Export.ImageInputs.CenterCrop ? ImageCrop.Center : ImageCrop.None;
        preprocessing = new ImagePreprocessing(image.Height, image.ResizeShorterSide ?? image.Height, crop, image.Mean, image.Std, image.Channels);
        var problem = image.Height != image.Width ? $"{image.Height}×{image.Width} is not square" : preprocessing.Problem();
        if (problem is not null)
        {
            throw ModelSource.Incompatible(source, $"its image preprocessing does not fit MlOps.Imaging: {problem}");
        }
    }

    public int Width => preprocessing.FeaturesPerImage;

    /// <summary>Decodes <paramref name="bytes"/> (named <paramref name="what"/> in errors) into <paramref name="values"/>.</summary>
    public void Encode(byte[] bytes, string what, Span<float> values)
    {
        Image<Rgba32> image;
        try
        {
            image = ImageFile.Decode(bytes);
        }
        catch (ImageDecodeException e)
        {
            throw Unreadable(what, e.Message);
        }
        using (image)
        {
            ImageTensor.Write(image, preprocessing, [], random: null, values);
        }
    }

    /// <summary>A file's bytes; a missing or unreadable file is MLOPS367 naming it.</summary>
    public static byte[] Read(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw Unreadable(path, e.Message.TrimEnd('.'));
        }
    }

    public static byte[] Read(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static MlOpsException Unreadable(string what, string why) =>
        new(Diagnostic.Error(RuntimeErrorCodes.InputInvalid,
            $"the image cannot be read: {why}; pass a JPEG, PNG, BMP, GIF or WebP picture ({string.Join(", ", ImageFile.Extensions)})",
            SourceLocation.None(what)));
}
