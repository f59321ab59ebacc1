using System.Text.Json;
using MlOps.Reliability.Tests.Infrastructure;
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
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private readonly SampleRepo repo = new();
    private readonly string spec;

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
        spec = repo.Write("specs/images.yaml", """
            name: images
            seed: 7
            base: { model: cnn-small, checkpoint: none }
            data:
              format: imagefolder
              train: ../data/train
              validation: ../data/val
              image: { size: 16, resize: 20 }
              augment: [random_resized_crop, horizontal_flip, { rotation: 10 }, { color_jitter: 0.2 }]
            training: { epochs: 5, batch_size: 2, optimizer: { lr: 0.005 }, threads: 2 }
            gates:
              - { metric: accuracy, min: 0.1 }
            tracking: { experiment: reliability }
            """);
    }

    public void Dispose() => repo.Dispose();

    private string Output(string name) => Path.Combine(repo.Root, name);

    private static string ValidationMetrics(string output)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "result.json")));
        return json.RootElement.GetProperty("metrics").GetProperty("validation").GetRawText();
    }

    [Fact]
    public void Sigkill_then_resume_of_an_augmented_image_run_gives_the_same_validation_metrics()
    {
        var (exit, log) = MlopsProcess.RunToEnd(repo.Root, Limit, "run", spec, "--output", Output("whole"));
        Assert.True(exit == 0, log);

        using (var killed = new MlopsProcess(repo.Root, "run", spec, "--output", Output("killed")))
        {
            Assert.True(killed.WaitUntil(() => KilledRunTests.CheckpointExists(Output("killed")), Limit), "no checkpoint after the first epoch:\n" + killed.Output);
            Thread.Sleep(300);
            killed.Signal("KILL");
            Assert.Equal(137, killed.WaitForExit(Limit));
        }
        Assert.False(File.Exists(Path.Combine(Output("killed"), "result.json")));

        var (resumed, resumeLog) = MlopsProcess.RunToEnd(repo.Root, Limit, "run", spec, "--output", Output("killed"), "--resume");

        Assert.True(resumed == 0, resumeLog);
        Assert.Contains("resuming at epoch", resumeLog, StringComparison.Ordinal);
        Assert.Equal(ValidationMetrics(Output("whole")), ValidationMetrics(Output("killed")));
    }
}
