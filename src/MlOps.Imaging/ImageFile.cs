using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace MlOps.Imaging;

/// <summary>
/// Reads a picture as RGBA, upright: JPEG, PNG, BMP, GIF (its first frame) or WebP, decoded by
/// ImageSharp, EXIF orientation applied. Alpha is kept here and composited on white by
/// <see cref="ImageTensor"/> (after any geometry, so rotated corners turn white too).
/// </summary>
public static class ImageFile
{
    /// <summary>The file name endings an image folder's pictures may have (lower case).</summary>
    public static readonly IReadOnlyList<string> Extensions = [".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp"];

    public static bool HasImageExtension(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>The decoded picture; an <see cref="ImageDecodeException"/> says why a file is not one. IO faults pass through.</summary>
    public static Image<Rgba32> Decode(string path) => Decode(File.ReadAllBytes(path));

    /// <summary>An encoded picture (a file's bytes) decoded as <see cref="Decode(string)"/> decodes the file.</summary>
    public static Image<Rgba32> Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (IsJpeg(bytes) && !EndsJpeg(bytes))
        {
            // ImageSharp fills a cut-off JPEG with grey instead of failing: check the end marker here.
            throw new ImageDecodeException("the JPEG data ends without its end-of-image marker (FF D9): the file is truncated");
        }
        Image<Rgba32> image;
        try
        {
            image = Image.Load<Rgba32>(bytes);
        }
        catch (UnknownImageFormatException e)
        {
            throw new ImageDecodeException("not a picture in a known format (JPEG, PNG, BMP, GIF, WebP)", e);
        }
        catch (Exception e) when (e is InvalidImageContentException or ImageFormatException or NotSupportedException or ArgumentException or IndexOutOfRangeException or InvalidOperationException)
        {
            throw new ImageDecodeException($"corrupt or truncated image data ({e.Message.TrimEnd('.')})", e);
        }
        if (image.Frames.Count > 1)
        {
            var first = image.Frames.CloneFrame(0);
            image.Dispose();
            image = first;
        }
        image.Mutate(x => x.AutoOrient());
        return image;
    }

    private static bool IsJpeg(byte[] bytes) => bytes is [0xFF, 0xD8, 0xFF, ..];

    /// <summary>FF D9 near the end (a few trailing bytes, e.g. padding, are tolerated).</summary>
    private static bool EndsJpeg(byte[] bytes)
    {
        for (var i = bytes.Length - 2; i >= Math.Max(2, bytes.Length - 64); i--)
        {
            if (bytes[i] == 0xFF && bytes[i + 1] == 0xD9)
            {
                return true;
            }
        }
        return false;
    }
}
