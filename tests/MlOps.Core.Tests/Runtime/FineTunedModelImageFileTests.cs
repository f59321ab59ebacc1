using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Export;
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
    private readonly TempRepository repo = new();

    public void Dispose() => repo.Dispose();

    [Fact]
    public void Image_files_are_decoded_as_training_evaluated_them_and_score_as_the_run_did()
    {
        TestPictures.ColourFolder(repo.PathOf("data/train"), perClass: 6, seed: 1);
        TestPictures.ColourFolder(repo.PathOf("data/val"), perClass: 5, seed: 2);
        var result = ExportedRun.Execute(repo, """
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
            """);

        using var model = FineTunedModel.Load(result.Export!.Folder);
        // model.json says how a file becomes pixel_values (docs/onnx-export.md).
        var image = model.Manifest.Preprocessing.Image!;
        Assert.Equal((ImageInputs.File, ImageInputs.CenterCrop, 18, 16, "rgb"), (image.Input, image.Crop, image.ResizeShorterSide, image.Height, image.ColorMode));
        Assert.Equal([0.5, 0.4, 0.3], image.Mean);

        var (expected, paths) = ExportedRun.ValidationFiles(result, model, repo.PathOf("data/val"));
        Assert.Equal(10, expected.Count);
        // Probabilities short of 0 and 1, so that 1e-5 tells a different resize or crop apart.
        Assert.All(expected, e => Assert.InRange(e.Probabilities.Max(), 0.5f, 0.999f));

        ExportedRun.AssertSame(expected, model.PredictImages(paths));
        ExportedRun.AssertSame(expected, [.. paths.Select(model.PredictImage)]);
        ExportedRun.AssertSame(expected, [.. paths.Select(p => model.PredictImage(File.ReadAllBytes(p)))]);
        ExportedRun.AssertSame(expected, [.. paths.Select(p => { using var stream = File.OpenRead(p); return model.PredictImage(stream); })]);

        // A file that is not a picture, a truncated JPEG and a missing file: MLOPS367 naming the input and why.
        File.WriteAllText(repo.PathOf("notes.png"), "not a picture");
        var notPicture = Assert.Throws<MlOpsException>(() => model.PredictImage(repo.PathOf("notes.png"))).Diagnostics[0];
        Assert.Equal((RuntimeErrorCodes.InputInvalid, repo.PathOf("notes.png")), (notPicture.Code, notPicture.Location.File));
        Assert.Contains("not a picture in a known format", notPicture.Message, StringComparison.Ordinal);
        var jpeg = File.ReadAllBytes(paths.First(f => f.EndsWith(".jpg", StringComparison.Ordinal)));
        var truncated = Assert.Throws<MlOpsException>(() => model.PredictImage(jpeg[..(jpeg.Length / 2)])).Diagnostics[0];
        Assert.Equal(RuntimeErrorCodes.InputInvalid, truncated.Code);
        Assert.Contains("truncated", truncated.Message, StringComparison.Ordinal);
        Assert.Equal(RuntimeErrorCodes.InputInvalid, Assert.Throws<MlOpsException>(() => model.PredictImage(repo.PathOf("missing.jpg"))).Diagnostics[0].Code);
        // Another input kind for an image model: MLOPS366.
        Assert.Equal(RuntimeErrorCodes.ModelIncompatible, Assert.Throws<MlOpsException>(() => model.PredictText("red")).Diagnostics[0].Code);
    }
}
