using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Pipeline;
using MlOps.Core.Tests.Torch;

namespace MlOps.Core.Tests.Imaging;

/// <summary>
/// An image folder end to end: pictures of five formats decoded per batch, augmented with a seed,
/// a CNN trained and gated. Twice the same run gives the same metrics, and so does a run that
/// crashed mid-epoch (like kill -9: only the per-epoch checkpoints survive) and was resumed.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ImageFolderRunTests : IDisposable
{
    private readonly TempRepository repo = new();

    public ImageFolderRunTests()
    {
        TestPictures.ColourFolder(repo.PathOf("data/train"), perClass: 10, seed: 1);
        TestPictures.ColourFolder(repo.PathOf("data/val"), perClass: 4, seed: 2);
    }

    public void Dispose() => repo.Dispose();

    private string Spec(string name) => repo.WriteSpec(name + ".yaml", $$"""
        name: {{name}}
        seed: 4
        base: { model: cnn-small, checkpoint: none }
        data:
          format: imagefolder
          train: data/train
          validation: data/val
          image: { size: 16, resize: 18, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] }
          augment: [random_resized_crop, horizontal_flip, { color_jitter: 0.2 }, { rotation: 10 }]
        training:
          epochs: 4
          batch_size: 4
          optimizer: { type: adamw, lr: 0.005 }
          threads: 2
        gates:
          - { metric: accuracy, min: 0.75 }
        """);

    private RunOutcome Run(string spec, bool resume = false, RecordingObserver? observer = null) =>
        FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out/" + Path.GetFileNameWithoutExtension(spec)), Resume = resume },
            observer ?? new RecordingObserver(), CancellationToken.None);

    private static string Metrics(RunOutcome outcome)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(outcome.ResultPath!));
        return json.RootElement.GetProperty("metrics").GetRawText();
    }

    [Fact]
    public void An_augmented_image_folder_trains_passes_its_gate_and_gives_identical_metrics_twice()
    {
        var observer = new RecordingObserver();
        var first = Run(Spec("first"), observer: observer);
        var second = Run(Spec("second"));

        Assert.True(first.ExitCode == ExitCodes.Passed, string.Join("\n", observer.Diagnostics.Select(d => d.Message)));
        Assert.Equal(ExitCodes.Passed, second.ExitCode);
        Assert.Equal(Metrics(first), Metrics(second));
        var train = Assert.Single(first.Result!.Datasets, d => d.Context == "training");
        Assert.Equal(20, train.Rows);
        Assert.Equal(3 * 16 * 16, train.Columns);
    }

    [Fact]
    public void A_run_that_crashed_mid_epoch_resumes_to_the_same_metrics()
    {
        var expected = Run(Spec("whole"));
        Assert.Equal(ExitCodes.Passed, expected.ExitCode);

        var crashing = new RecordingObserver { OnBatchHook = (epoch, batch) => { if (epoch == 3 && batch == 2) throw new InvalidOperationException("crash"); } };
        Assert.Throws<InvalidOperationException>(() => Run(Spec("crashed"), observer: crashing));
        Assert.False(File.Exists(repo.PathOf("out/crashed/result.json")));

        var resumed = Run(Spec("crashed"), resume: true);

        Assert.True(resumed.Result!.Training.Resumed);
        Assert.Equal(Metrics(expected), Metrics(resumed));
    }
}
