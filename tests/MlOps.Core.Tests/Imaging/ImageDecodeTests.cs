using MlOps.Imaging;
using SixLabors.ImageSharp.PixelFormats;

namespace MlOps.Core.Tests.Imaging;

/// <summary>Every format and mode decodes upright and composited as documented; damaged files say why.</summary>
public sealed class ImageDecodeTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "mlops-image-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private string PathOf(string name) => Path.Combine(folder, name);

    private static Rgba32 Pattern(int x, int y) => new((byte)(x * 30), (byte)(y * 40), (byte)(200 - (x * 10)));

    [Theory]
    [InlineData(".png", 0)]
    [InlineData(".bmp", 0)]
    [InlineData(".webp", 0)]
    [InlineData(".gif", 24)]   // a 256-colour palette
    [InlineData(".jpg", 12)]   // lossy
    public void Each_format_decodes_to_its_pixels(string extension, int tolerance)
    {
        using var written = TestPictures.Make(6, 5, Pattern);
        var file = TestPictures.Save(written, PathOf("p" + extension));

        using var image = ImageFile.Decode(file);

        Assert.Equal((6, 5), (image.Width, image.Height));
        for (var y = 0; y < 5; y++)
        {
            for (var x = 0; x < 6; x++)
            {
                var (want, got) = (Pattern(x, y), image[x, y]);
                Assert.True(Math.Abs(want.R - got.R) <= tolerance && Math.Abs(want.G - got.G) <= tolerance && Math.Abs(want.B - got.B) <= tolerance,
                    $"{extension} ({x},{y}): {got} for {want}");
            }
        }
    }

    [Fact]
    public void Rgba_is_composited_on_white_and_gray_is_the_luma()
    {
        using var written = TestPictures.Make(8, 8, (x, y) => x < 4 ? new Rgba32(255, 0, 0, 0) : new Rgba32(0, 0, 255, 255));
        var file = TestPictures.Save(written, PathOf("alpha.png"));
        using var image = ImageFile.Decode(file);
        var rgb = new float[3 * 8 * 8];
        var gray = new float[8 * 8];

        ImageTensor.Write(image, new ImagePreprocessing(8, 8, ImageCrop.None, [0, 0, 0], [1, 1, 1], 3), [], null, rgb);
        ImageTensor.Write(image, new ImagePreprocessing(8, 8, ImageCrop.None, [0.5], [0.5], 1), [], null, gray);

        Assert.Equal([1f, 1f, 1f], [rgb[0], rgb[64], rgb[128]]);          // transparent red: white
        Assert.Equal([0f, 0f, 1f], [rgb[7], rgb[64 + 7], rgb[128 + 7]]);  // opaque blue
        Assert.Equal((1 - 0.5f) / 0.5f, gray[0], 6);
        Assert.Equal((0.114f - 0.5f) / 0.5f, gray[7], 6);
    }

    [Fact]
    public void Exif_orientation_is_applied()
    {
        // Stored 6 wide, 4 high, the top-left pixel marked; orientation 6 shows it 4 wide, 6 high, the mark at the top right.
        using var stored = TestPictures.Make(6, 4, (x, y) => x == 0 && y == 0 ? new Rgba32(255, 255, 255) : new Rgba32(0, 0, 0));
        var file = TestPictures.SaveRotatedJpeg(stored, PathOf("rotated.jpg"));

        using var image = ImageFile.Decode(file);

        Assert.Equal((4, 6), (image.Width, image.Height));
        Assert.True(image[3, 0].R > 200, $"the mark is at the top right after rotating: {image[3, 0]}");
        Assert.True(image[0, 0].R < 60, $"{image[0, 0]}");
    }

    [Fact]
    public void A_gif_gives_its_first_frame()
    {
        using var first = TestPictures.Make(4, 4, (_, _) => new Rgba32(255, 0, 0));
        using var second = TestPictures.Make(4, 4, (_, _) => new Rgba32(0, 0, 255));
        first.Frames.AddFrame(second.Frames.RootFrame);
        var file = TestPictures.Save(first, PathOf("anim.gif"));

        using var image = ImageFile.Decode(file);

        Assert.Equal(1, image.Frames.Count);
        Assert.True(image[1, 1].R > 200 && image[1, 1].B < 50, $"{image[1, 1]}");
    }

    [Theory]
    [InlineData("cut.jpg", "truncated")]
    [InlineData("cut.png", "corrupt or truncated")]
    [InlineData("noise.png", "not a picture")]
    public void A_damaged_file_says_why(string name, string why)
    {
        using var picture = TestPictures.Make(32, 32, Pattern);
        var whole = File.ReadAllBytes(TestPictures.Save(picture, PathOf("whole" + Path.GetExtension(name))));
        var file = PathOf(name);
        File.WriteAllBytes(file, name.StartsWith("noise", StringComparison.Ordinal) ? [.. Enumerable.Range(0, 300).Select(i => (byte)(i * 7))] : whole[..(whole.Length / 2)]);

        var error = Assert.Throws<ImageDecodeException>(() => ImageFile.Decode(file));

        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seeded_augmentation_repeats_for_the_same_seed_and_differs_for_another()
    {
        using var picture = TestPictures.Make(30, 24, Pattern);
        var p = new ImagePreprocessing(16, 18, ImageCrop.Center, [0.5, 0.5, 0.5], [0.25, 0.25, 0.25], 3);
        ImageAugmentation[] steps = [new ImageAugmentation.RandomResizedCrop(0.5), new ImageAugmentation.HorizontalFlip(), new ImageAugmentation.ColorJitter(0.3, 0.3, 0.3), new ImageAugmentation.Rotation(20)];
        float[] Make(int? seed)
        {
            var values = new float[p.FeaturesPerImage];
            ImageTensor.Write(picture, p, steps, seed is { } s ? new Random(s) : null, values);
            return values;
        }

        Assert.Equal(Make(3), Make(3));
        Assert.NotEqual(Make(3), Make(4));
        Assert.NotEqual(Make(null), Make(3));
        Assert.Equal(Make(null), Make(null));
    }
}
