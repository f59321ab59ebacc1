using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Core.Reporting;
using MlOps.Core.Tests.Torch;

namespace MlOps.Core.Tests.Pipeline;

/// <summary>data.out_of_core: true trains from the encoded rows on disk, batch by batch, and gives the run the in-memory split gives.</summary>
[Collection(TorchCollection.Name)]
public sealed class OutOfCoreRunTests : IDisposable
{
    private readonly TempRepository repo = new();

    public void Dispose() => repo.Dispose();

    private string Spec(string name, string outOfCore) => repo.WriteSpec(name + ".yaml", $$"""
        name: {{name}}
        seed: 5
        base:
          model: mlp
          checkpoint: none
          hidden: [8]
        data:
          train: {{repo.WriteCsv("train.csv", 200, 1, ["p", "q"])}}
          label: label
          sensitive: [group]
          split: { validation: 0.25, test: 0.2 }
          out_of_core: {{outOfCore}}
        training:
          epochs: 5
          batch_size: 16
          optimizer: { type: adamw, lr: 0.01 }
          threads: 1
        gates:
          - { metric: accuracy, min: 0.0 }
        bias:
          - { attribute: group, metric: demographic_parity_difference, max: 1.0, min_group_size: 5 }
        """);

    private RunOutcome Run(string spec)
    {
        var observer = new RecordingObserver();
        var outcome = FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out/" + Path.GetFileNameWithoutExtension(spec)) }, observer, CancellationToken.None);
        Assert.True(outcome.ExitCode == ExitCodes.Passed, string.Join("\n", observer.Diagnostics));
        return outcome;
    }

    [Fact]
    public void Out_of_core_training_gives_the_in_memory_metrics_losses_and_fairness()
    {
        var memory = Run(Spec("in-memory", "false"));
        var disk = Run(Spec("on-disk", "true"));

        Assert.Equal(ExitCodes.Passed, memory.ExitCode);
        Assert.Equal(ExitCodes.Passed, disk.ExitCode);
        var a = RunResultFile.Read(memory.ResultPath!);
        var b = RunResultFile.Read(disk.ResultPath!);
        Assert.Equal(a.Training.TrainRows, b.Training.TrainRows);
        Assert.Equal(a.Training.TestRows, b.Training.TestRows);
        Assert.Equal(a.Training.History.Select(h => (h.TrainLoss, h.ValLoss)), b.Training.History.Select(h => (h.TrainLoss, h.ValLoss)));
        Assert.Equal(Flatten(a.Metrics), Flatten(b.Metrics));
        Assert.Equal(a.ConfusionMatrix, b.ConfusionMatrix);
        Assert.Equal(a.Fairness.Select(f => f.ToString()), b.Fairness.Select(f => f.ToString()));
        Assert.Equal(File.ReadAllText(Path.Combine(Path.GetDirectoryName(memory.ResultPath!)!, "predictions.csv")),
            File.ReadAllText(Path.Combine(Path.GetDirectoryName(disk.ResultPath!)!, "predictions.csv")));
    }

    private static List<string> Flatten(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> metrics) =>
        [.. metrics.OrderBy(s => s.Key, StringComparer.Ordinal).SelectMany(s => s.Value.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{s.Key}.{m.Key}={m.Value:R}"))];
}
