using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Torch;

namespace MlOps.Core.Tests.Pipeline;

/// <summary>training.repeats end to end: seeds, spreads, gates on their statistic, the kept repeat, nesting in MLflow, resume.</summary>
[Collection(TorchCollection.Name)]
public sealed class RepeatedRunTests : IDisposable
{
    private readonly TempRepository repo = new();

    /// <summary>
    /// A deliberately noisy task: 12 training rows, one epoch from random weights, so validation
    /// accuracy moves with the seed by several points.
    /// </summary>
    private string NoisySpec(string name = "noisy", string gates = "") => repo.WriteSpec(name + ".yaml", $$"""
        name: {{name}}
        seed: 1
        base:
          model: mlp
          checkpoint: none
          hidden: [8]
        data:
          train: {{repo.WriteCsv("noisy-train.csv", 12, 5, ["u", "v"])}}
          validation: {{repo.WriteCsv("noisy-val.csv", 40, 6, ["u", "v"])}}
          label: label
        training:
          epochs: 1
          batch_size: 4
          optimizer: { type: adamw, lr: 0.05 }
          threads: 1
          repeats: 5
        evaluation:
          metrics: [accuracy, macro_f1]
        gates:
        {{gates}}
        """);

    private RunOutcome Run(string spec, bool resume = false, RecordingObserver? observer = null) =>
        FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out/" + Path.GetFileNameWithoutExtension(spec)), Resume = resume },
            observer ?? new RecordingObserver(), CancellationToken.None);

    [Fact]
    public void On_the_same_noisy_runs_a_mean_gate_passes_and_a_lower_bound_gate_fails_each_for_its_stated_reason()
    {
        var outcome = Run(NoisySpec(gates: """
              - { metric: accuracy, min: 0.7 }
              - { metric: accuracy, min: 0.7, statistic: lower_bound }
            """));

        Assert.Equal(ExitCodes.GateFailed, outcome.ExitCode);
        var result = outcome.Result!;
        var repeats = result.Repeats!;
        Assert.Equal([1, 2, 3, 4, 5], repeats.Runs.Select(r => r.Seed));
        var spread = repeats.Metrics["validation"]["accuracy"];
        Assert.True(spread.Std > 0.05, $"the task is meant to be noisy: accuracies {string.Join(", ", spread.Values)}");
        // Each repeat's own result.json holds the value the spread lists, in seed order.
        Assert.Equal(spread.Values, repeats.Runs.Select(r => RunResultFile.Read(Path.Combine(r.Directory, "result.json")).Metrics["validation"]["accuracy"]));

        var mean = result.Gates[0];
        Assert.True(mean.Passed, mean.Message);
        Assert.Equal(spread.Mean, mean.Actual);
        Assert.StartsWith("mean of 5 repeats", mean.Message, StringComparison.Ordinal);
        var lower = result.Gates[1];
        Assert.False(lower.Passed, lower.Message);
        Assert.Equal("accuracy min 0.7 (lower_bound)", lower.Name);
        Assert.Equal(spread.Lower, lower.Actual);
        Assert.Contains("lower bound of the 95% t-interval", lower.Message, StringComparison.Ordinal);
        Assert.True(spread.Lower < 0.7 && spread.Mean >= 0.7);
        Assert.Equal(spread.Mean, result.Metrics["validation"]["accuracy"]);
        // The seed-variance figure is published with the other plots, and report.md charts the same values.
        var figure = Assert.Single(result.Outputs.Plots, p => Path.GetFileName(p) == "seed_variance.png");
        Assert.True(new FileInfo(figure).Length > 1000, figure);
        Assert.Contains($"bar [{string.Join(", ", spread.Values.Select(v => v.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture)))}]",
            File.ReadAllText(result.Outputs.Report!), StringComparison.Ordinal);
    }

    [Fact]
    public void The_kept_model_is_the_repeat_closest_to_the_mean_and_mlflow_nests_the_repeats_under_the_run()
    {
        var outcome = Run(NoisySpec(gates: "  - { metric: accuracy, min: 0.0 }"));

        Assert.Equal(ExitCodes.Passed, outcome.ExitCode);
        var result = outcome.Result!;
        var spread = result.Repeats!.Metrics["validation"]["accuracy"];
        var closest = spread.Values.Select((v, i) => (Distance: Math.Abs(v - spread.Mean), Index: i)).Min().Index;
        Assert.Equal(result.Repeats.Runs[closest].Seed, result.Repeats.KeptSeed);
        Assert.Equal("accuracy", result.Repeats.KeptBy);
        var keptModel = Path.Combine(result.Repeats.Runs[closest].Directory, "model", "model.safetensors");
        Assert.Equal(File.ReadAllBytes(keptModel), File.ReadAllBytes(result.Outputs.Model));

        var parent = result.Tracking!;
        var experiment = repo.PathOf(Path.Combine("mlruns", parent.ExperimentId));
        foreach (var run in result.Repeats.Runs)
        {
            Assert.Equal(parent.RunId, File.ReadAllText(Path.Combine(experiment, run.RunId!, "tags", "mlflow.parentRunId")));
        }
        Assert.False(File.Exists(Path.Combine(experiment, parent.RunId, "tags", "mlflow.parentRunId")));
        var ciLow = File.ReadAllText(Path.Combine(experiment, parent.RunId, "metrics", "validation_accuracy_ci_low")).Split(' ')[1];
        Assert.Equal(spread.Lower!.Value, double.Parse(ciLow, System.Globalization.CultureInfo.InvariantCulture), 1e-12);
        Assert.False(Directory.Exists(Path.Combine(experiment, parent.RunId, "artifacts", "repeats")), "the repeats' files belong to their own runs");
    }

    [Fact]
    public void Resume_keeps_the_finished_repeats_and_trains_only_the_missing_one()
    {
        var spec = NoisySpec(gates: "  - { metric: accuracy, min: 0.0 }");
        var first = Run(spec).Result!;
        // What a kill during repeat 3 leaves: the staging folder beside the output folder, repeats 1, 2, 4, 5 finished in it.
        var output = first.Outputs.Directory;
        var staging = Path.Combine(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}.mlops-staging");
        Directory.Move(output, staging);
        File.Delete(Path.Combine(staging, "repeats", $"seed-{first.Repeats!.Runs[2].Seed}", "result.json"));

        var observer = new RecordingObserver();
        var again = Run(spec, resume: true, observer: observer).Result!;

        Assert.True(4 == observer.Messages.Count(m => m.Contains("already finished with this fingerprint", StringComparison.Ordinal)), string.Join("\n", observer.Messages));
        Assert.Contains("repeat 3 of 5: seed 3", observer.Messages);
        Assert.Equal(first.Repeats.Metrics["validation"]["accuracy"].Values, again.Repeats!.Metrics["validation"]["accuracy"].Values);
        Assert.Equal(first.Spec.Fingerprint, again.Spec.Fingerprint);
    }

    public void Dispose() => repo.Dispose();
}
