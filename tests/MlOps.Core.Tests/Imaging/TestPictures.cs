using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace MlOps.Core.Tests.Imaging;

/// <summary>Small pictures written by ImageSharp's encoders, in every format and mode the loaders read.</summary>
internal static class TestPictures
{
    public static IImageEncoder Encoder(string extension) => extension switch
    {
        ".png" => new PngEncoder(),
        ".jpg" => new JpegEncoder { Quality = 95 },
        ".bmp" => new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 },
        ".gif" => new GifEncoder(),
        ".webp" => new WebpEncoder { FileFormat = WebpFileFormatType.Lossless },
        _ => throw new ArgumentOutOfRangeException(nameof(extension), extension, "no encoder"),
    };

    /// <summary>A picture whose pixel (x, y) is <paramref name="color"/>(x, y).</summary>
    public static Image<Rgba32> Make(int width, int height, Func<int, int, Rgba32> color)
    {
        var image = new Image<Rgba32>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = color(x, y);
            }
        }
        return image;
    }

    public static string Save(Image<Rgba32> image, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        image.Save(path, Encoder(Path.GetExtension(path)));
        return path;
    }

    /// <summary>A JPEG whose stored pixels lie on their side, with EXIF orientation 6 ("rotate 90° clockwise to view").</summary>
    public static string SaveRotatedJpeg(Image<Rgba32> stored, string path)
    {
        stored.Metadata.ExifProfile = new ExifProfile();
        stored.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
        return Save(stored, path);
    }

    /// <summary>
    /// An image folder of two classes told apart by colour: "red" pictures are mostly red, "blue" mostly
    /// blue, with seeded noise; sizes and formats vary so decoding, resizing and cropping all take part.
    /// </summary>
    public static void ColourFolder(string folder, int perClass, int seed)
    {
        var random = new Random(seed);
        string[] extensions = [".png", ".jpg", ".bmp", ".gif", ".webp"];
        foreach (var (name, red) in new[] { ("red", true), ("blue", false) })
        {
            for (var i = 0; i < perClass; i++)
            {
                var (w, h) = (20 + random.Next(12), 20 + random.Next(12));
                var noise = Enumerable.Range(0, w * h).Select(_ => (byte)random.Next(90)).ToArray();
                using var image = Make(w, h, (x, y) =>
                {
                    var n = noise[(y * w) + x];
                    return red ? new Rgba32((byte)(160 + (n / 2)), n, n) : new Rgba32(n, n, (byte)(160 + (n / 2)));
                });
                Save(image, Path.Combine(folder, name, $"{i:D2}{extensions[i % extensions.Length]}"));
            }
        }
    }
}
