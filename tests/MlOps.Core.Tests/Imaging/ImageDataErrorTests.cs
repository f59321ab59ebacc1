using MlOps.Contracts.Diagnostics;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Pipeline;
using SixLabors.ImageSharp.PixelFormats;

namespace MlOps.Core.Tests.Imaging;

/// <summary>Bad image data stops the run before training with exit 2, a code and the file's name, and writes nothing; or is counted under skip_unreadable.</summary>
public sealed class ImageDataErrorTests : IDisposable
{
    private readonly TempRepository repo = new();

    public ImageDataErrorTests()
    {
        foreach (var folder in new[] { "train", "val" })
        {
            foreach (var name in new[] { "cat", "dog" })
            {
                for (var i = 0; i < 3; i++)
                {
                    using var image = TestPictures.Make(12, 12, (x, y) => new Rgba32((byte)(x * 20), (byte)(i * 50), name == "cat" ? (byte)0 : (byte)255));
                    TestPictures.Save(image, repo.PathOf($"data/{folder}/{name}/{i}.png"));
                }
            }
        }
    }

    public void Dispose() => repo.Dispose();

    private (RunOutcome Outcome, RecordingObserver Observer) Run(string extra = "", string format = "imagefolder", string train = "data/train", string validation = "data/val")
    {
        var spec = repo.WriteSpec("spec.yaml", $$"""
            name: bad-images
            seed: 1
            base: { model: cnn-small, checkpoint: none }
            data:
              format: {{format}}
              train: {{train}}
              validation: {{validation}}
              image: { size: 8, resize: 8 }
            {{extra}}
            training: { epochs: 1, batch_size: 4, threads: 1 }
            gates:
              - { metric: accuracy, min: 0.0 }
            """);
        var observer = new RecordingObserver();
        return (FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out/run") }, observer, CancellationToken.None), observer);
    }

    private void AssertRefused((RunOutcome Outcome, RecordingObserver Observer) run, string code, string file)
    {
        Assert.Equal(ExitCodes.BadInput, run.Outcome.ExitCode);
        var error = Assert.Single(run.Observer.Diagnostics, d => d.IsError);
        Assert.Equal(code, error.Code);
        Assert.Contains(file, error.Location.File + " " + error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(repo.PathOf("out/run")), "nothing is written for refused data");
    }

    [Fact]
    public void A_truncated_picture_is_named()
    {
        var file = repo.PathOf("data/train/dog/1.png");
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..40]);

        AssertRefused(Run(), "MLOPS240", "1.png");
    }

    [Fact]
    public void A_file_that_is_not_a_picture_is_named()
    {
        File.WriteAllText(repo.PathOf("data/train/cat/notes.txt"), "not a picture");

        AssertRefused(Run(), "MLOPS240", "notes.txt");
    }

    [Fact]
    public void An_empty_class_folder_is_named()
    {
        Directory.CreateDirectory(repo.PathOf("data/train/bird"));

        AssertRefused(Run(), "MLOPS241", "bird");
    }

    [Fact]
    public void A_validation_class_missing_from_training_is_named()
    {
        using var image = TestPictures.Make(12, 12, (_, _) => new Rgba32(9, 9, 9));
        TestPictures.Save(image, repo.PathOf("data/val/bird/0.png"));

        AssertRefused(Run(), "MLOPS242", "bird");
    }

    [Fact]
    public void Skip_unreadable_leaves_corrupt_pictures_out_and_counts_them()
    {
        File.WriteAllBytes(repo.PathOf("data/train/dog/1.png"), [1, 2, 3]);

        var (outcome, observer) = Run("  skip_unreadable: true");

        Assert.Equal(ExitCodes.Passed, outcome.ExitCode);
        Assert.Contains(observer.Diagnostics, d => d.Code == "MLOPS240" && !d.IsError && d.Message.Contains("1 unreadable", StringComparison.Ordinal));
        var train = Assert.Single(outcome.Result!.Datasets, d => d.Context == "training");
        Assert.Equal(5, train.Rows);
        Assert.Contains("1 unreadable picture(s) left out", train.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_row_naming_a_missing_picture_is_located()
    {
        File.WriteAllText(repo.PathOf("data/train.csv"), "path,label,light\ntrain/cat/0.png,cat,day\ntrain/cat/9.png,cat,night\ntrain/dog/0.png,dog,day\n");

        File.WriteAllText(repo.PathOf("data/val.csv"), "path,label,light\nval/cat/0.png,cat,day\nval/dog/0.png,dog,night\n");

        var run = Run(format: "images", train: "data/train.csv", validation: "data/val.csv");

        AssertRefused(run, "MLOPS243", "train.csv");
        Assert.Equal(3, Assert.Single(run.Observer.Diagnostics, d => d.IsError).Location.Line);
    }
}
