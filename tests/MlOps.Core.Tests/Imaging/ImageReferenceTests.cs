using System.Text.Json;
using MlOps.Imaging;

namespace MlOps.Core.Tests.Imaging;

/// <summary>
/// Decoding and preprocessing against Debian's PIL (Fixtures/make_pil_reference.py wrote the pictures
/// and PIL's numbers). Lossless formats match to float precision; PIL rounds its grayscale to a byte;
/// JPEG decoders may differ by a level or two (IDCT and chroma upsampling are not standardised
/// bit for bit); bilinear shrinking differs by the two libraries' filter weights.
/// </summary>
public sealed class ImageReferenceTests
{
    private static readonly Dictionary<string, double> Tolerance = new(StringComparer.Ordinal)
    {
        ["gray-of-rgb.png"] = (0.5 / 255) + 1e-6,
        ["photo.jpg"] = 2.0 / 255,
        ["shrunk.png"] = 1.5 / 255,
    };

    public static TheoryData<string> Files() => [.. Cases().Select(c => c.File)];

    [Theory]
    [MemberData(nameof(Files))]
    public void Decoded_and_preprocessed_pixels_match_pil(string file)
    {
        var reference = Cases().Single(c => c.File == file);
        var channels = reference.Gray ? 1 : 3;
        var preprocessing = new ImagePreprocessing(reference.Size, reference.Size, ImageCrop.None, [.. Enumerable.Repeat(0.0, channels)], [.. Enumerable.Repeat(1.0, channels)], channels);
        var values = new float[preprocessing.FeaturesPerImage];

        using (var image = ImageFile.Decode(Path.Combine(FixtureFolder, file)))
        {
            ImageTensor.Write(image, preprocessing, [], null, values);
        }

        Assert.Equal(reference.Values.Length, values.Length);
        var worst = reference.Values.Zip(values, (r, v) => Math.Abs(r - v)).Max();
        var tolerance = Tolerance.GetValueOrDefault(file, 1e-6);
        Assert.True(worst <= tolerance, $"{file}: largest difference from PIL {worst * 255:F3}/255, allowed {tolerance * 255:F3}/255");
    }

    private static string FixtureFolder => Path.Combine(AppContext.BaseDirectory, "Imaging", "Fixtures");

    private static List<ReferenceCase> Cases() =>
        JsonSerializer.Deserialize<List<ReferenceCase>>(File.ReadAllText(Path.Combine(FixtureFolder, "pil_reference.json")), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    private sealed record ReferenceCase(string File, bool Gray, int Size, double[] Values);
}
