using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Torch;

namespace MlOps.Core.Tests.Pipeline;

/// <summary>significance against the champion: the champion's weights are scored on this run's examples and paired with them.</summary>
[Collection(TorchCollection.Name)]
public sealed class ChampionSignificanceTests : IDisposable
{
    private readonly TempRepository repo = new();

    private string Spec(string gates) => repo.WriteSpec("spec.yaml", $$"""
        name: tiny
        seed: 4
        base:
          model: mlp
          checkpoint: none
          hidden: [8]
        data:
          train: {{repo.WriteCsv("train.csv", 60, 1, ["u", "v"])}}
          validation: {{repo.WriteCsv("val.csv", 60, 2, ["u", "v"])}}
          label: label
        training:
          epochs: 3
          batch_size: 16
          optimizer: { type: adamw, lr: 0.01 }
          threads: 1
        gates:
        {{gates}}
        """);

    private RunOutcome Run(string spec, string? baselineResult = null, string output = "out") =>
        FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf(output), BaselineResult = baselineResult },
            new RecordingObserver(), CancellationToken.None);

    [Fact]
    public void The_same_training_again_is_not_distinguishable_from_its_champion_and_fails()
    {
        var champion = Run(Spec("  - { metric: accuracy, min: 0.0 }"), output: "champion");
        Assert.Equal(ExitCodes.Passed, champion.ExitCode);

        var outcome = Run(Spec("""
              - { metric: accuracy, against: champion, significance: 0.05 }
              - { metric: macro_f1, against: champion, significance: 0.05 }
            """), baselineResult: champion.ResultPath);

        Assert.Equal(ExitCodes.GateFailed, outcome.ExitCode);
        var (mcnemar, bootstrap) = (outcome.Result!.Gates[0], outcome.Result.Gates[1]);
        // Same spec, seed and data: the champion's predictions are this run's, so no example is discordant.
        Assert.Equal((0, 0, 1.0), (mcnemar.Significance!.ModelOnlyCorrect, mcnemar.Significance.ReferenceOnlyCorrect, mcnemar.Significance.PValue));
        Assert.EndsWith("≥ α 0.05: not distinguishable from the champion", mcnemar.Message, StringComparison.Ordinal);
        Assert.Equal((0.0, 0.0), (bootstrap.Significance!.Lower, bootstrap.Significance.Upper));
        Assert.EndsWith("includes 0: not distinguishable from the champion", bootstrap.Message, StringComparison.Ordinal);
    }

    public void Dispose() => repo.Dispose();
}
