using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MlOps.Reliability.Tests.Interrupts;

/// <summary>
/// An image folder with seeded augmentation, decoded per batch on background threads: a real process
/// killed with SIGKILL mid-training, then resumed, ends with the same validation metrics as a run
/// that was never interrupted (each picture's augmentation is seeded by seed, epoch and row).
/// </summary>
public sealed class KilledImageRunTests : IDisposable
{
    private readonly SampleRepo repo = new();
    private readonly KillableRun runs;

    public KilledImageRunTests()
    {
        var random = new Random(3);
        foreach (var (folder, count) in new[] { ("train", 40), ("val", 10) })
        {
            foreach (var red in new[] { true, false })
            {
                for (var i = 0; i < count; i++)
                {
                    using var image = new Image<Rgba32>(24 + random.Next(8), 24);
                    for (var y = 0; y < image.Height; y++)
                    {
                        for (var x = 0; x < image.Width; x++)
                        {
                            var n = (byte)random.Next(100);
                            image[x, y] = red ? new Rgba32((byte)(150 + n), n, n) : new Rgba32(n, n, (byte)(150 + n));
                        }
                    }
                    var path = Path.Combine(repo.Root, "data", folder, red ? "red" : "blue", $"{i}.png");
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    image.SaveAsPng(path);
                }
            }
        }
        runs = new KillableRun(repo, KillableRun.WriteAugmentedFolderSpec(repo, "images", "cnn-small", "imagefolder", """
            image: { size: 16, resize: 20 }
            augment: [random_resized_crop, horizontal_flip, { rotation: 10 }, { color_jitter: 0.2 }]
            """), TimeSpan.FromMinutes(3));
    }

    public void Dispose() => repo.Dispose();

    [Fact]
    public void Sigkill_then_resume_of_an_augmented_image_run_gives_the_same_validation_metrics()
    {
        runs.AssertSigkillThenResumeEndsLikeAnUninterruptedRun();
    }
}
