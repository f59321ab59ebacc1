using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Export;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Imaging;
using MlOps.Core.Tests.Pipeline;
using MlOps.Core.Tests.Torch;
using MlOps.Runtime;

namespace MlOps.Core.Tests.Runtime;

/// <summary>
/// Image files through MlOps.Runtime: a real image-folder run (five formats, sizes that need resizing
/// and a centre crop, augmentation in training) with `export: { onnx: true }`, then FineTunedModel on
/// the validation files themselves against predictions.csv.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class FineTunedModelImageFileTests : IDisposable
{
    private const float Tolerance = 1e-5f;

    private readonly TempRepository repo = new();

    public void Dispose() => repo.Dispose();

    [Fact]
    public void Image_files_are_decoded_as_training_evaluated_them_and_score_as_the_run_did()
    {
        TestPictures.ColourFolder(repo.PathOf("data/train"), perClass: 6, seed: 1);
        TestPictures.ColourFolder(repo.PathOf("data/val"), perClass: 5, seed: 2);
        var observer = new RecordingObserver();
        var outcome = FineTuneRun.Execute(new RunRequest
        {
            SpecPath = repo.WriteSpec("spec.yaml", """
                name: photos
                seed: 4
                base: { model: cnn-small, checkpoint: none }
                data:
                  format: imagefolder
                  train: data/train
                  validation: data/val
                  image: { size: 16, resize: 18, mean: [0.5, 0.4, 0.3], std: [0.25, 0.2, 0.3] }
                  augment: [horizontal_flip, { color_jitter: 0.2 }]
                training: { epochs: 1, batch_size: 4, optimizer: { type: adamw, lr: 0.001 }, threads: 1 }
                export: { onnx: true }
                """),
            OutputDirectory = repo.PathOf("out/run"),
        }, observer, CancellationToken.None);
        Assert.True(outcome.ExitCode == ExitCodes.Passed, string.Join("\n", observer.Diagnostics.Select(d => d.ToString())));
        var result = RunResultFile.Read(outcome.ResultPath!);

        using var model = FineTunedModel.Load(result.Export!.Folder);
        // model.json says how a file becomes pixel_values (docs/onnx-export.md).
        var image = model.Manifest.Preprocessing.Image!;
        Assert.Equal((ImageInputs.File, ImageInputs.CenterCrop, 18, 16, "rgb"), (image.Input, image.Crop, image.ResizeShorterSide, image.Height, image.ColorMode));
        Assert.Equal([0.5, 0.4, 0.3], image.Mean);

        // An image folder's rows: class folders in ordinal order, then file names; source_line is the row number.
        var files = Directory.GetDirectories(repo.PathOf("data/val")).Order(StringComparer.Ordinal)
            .SelectMany(d => Directory.GetFiles(d).Order(StringComparer.Ordinal)).ToList();
        var expected = ScoredRow.Validation(result.Outputs.Predictions!, model.Classes);
        Assert.Equal(10, expected.Count);
        var paths = expected.Select(e => files[e.SourceLine - 1]).ToList();
        // Probabilities short of 0 and 1, so that 1e-5 tells a different resize or crop apart.
        Assert.All(expected, e => Assert.InRange(e.Probabilities.Max(), 0.5f, 0.999f));

        AssertSame(expected, model.PredictImages(paths));
        AssertSame(expected, [.. paths.Select(model.PredictImage)]);
        AssertSame(expected, [.. paths.Select(p => model.PredictImage(File.ReadAllBytes(p)))]);
        AssertSame(expected, [.. paths.Select(p => { using var stream = File.OpenRead(p); return model.PredictImage(stream); })]);

        // A file that is not a picture, a truncated JPEG and a missing file: MLOPS367 naming the input and why.
        File.WriteAllText(repo.PathOf("notes.png"), "not a picture");
        var notPicture = Assert.Throws<MlOpsException>(() => model.PredictImage(repo.PathOf("notes.png"))).Diagnostics[0];
        Assert.Equal((RuntimeErrorCodes.InputInvalid, repo.PathOf("notes.png")), (notPicture.Code, notPicture.Location.File));
        Assert.Contains("not a picture in a known format", notPicture.Message, StringComparison.Ordinal);
        var jpeg = File.ReadAllBytes(files.First(f => f.EndsWith(".jpg", StringComparison.Ordinal)));
        var truncated = Assert.Throws<MlOpsException>(() => model.PredictImage(jpeg[..(jpeg.Length / 2)])).Diagnostics[0];
        Assert.Equal(RuntimeErrorCodes.InputInvalid, truncated.Code);
        Assert.Contains("truncated", truncated.Message, StringComparison.Ordinal);
        Assert.Equal(RuntimeErrorCodes.InputInvalid, Assert.Throws<MlOpsException>(() => model.PredictImage(repo.PathOf("missing.jpg"))).Diagnostics[0].Code);
        // Another input kind for an image model: MLOPS366.
        Assert.Equal(RuntimeErrorCodes.ModelIncompatible, Assert.Throws<MlOpsException>(() => model.PredictText("red")).Diagnostics[0].Code);
    }

    private static void AssertSame(IReadOnlyList<ScoredRow> expected, IReadOnlyList<Prediction> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].Predicted == actual[i].Label, $"row {i} (line {expected[i].SourceLine}): run {expected[i].Predicted}, runtime {actual[i].Label}");
            for (var c = 0; c < expected[i].Probabilities.Length; c++)
            {
                Assert.True(Math.Abs(expected[i].Probabilities[c] - actual[i].Probabilities[c]) <= Tolerance,
                    $"row {i} class {c}: run {expected[i].Probabilities[c]:R}, runtime {actual[i].Probabilities[c]:R}");
            }
        }
    }
}
