using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Core.Pipeline.Sweeps;
using MlOps.Core.Tests.Torch;

namespace MlOps.Core.Tests.Pipeline;

/// <summary>sweep end to end: 4 trials locally (winner, kept model, nesting, resume), and the matrix path (one trial per job, then aggregate) agreeing with it.</summary>
[Collection(TorchCollection.Name)]
public sealed class SweepRunTests : IDisposable
{
    private readonly TempRepository repo = new();

    /// <summary>A tiny task where learning rate and epochs move validation accuracy: 4 trials (2 × 2).</summary>
    private string SweepSpec(string test = "") => repo.WriteSpec("swept.yaml", $$"""
        name: swept
        seed: 1
        base:
          model: mlp
          checkpoint: none
          hidden: [8]
        data:
          train: {{repo.WriteCsv("sweep-train.csv", 24, 5, ["u", "v"])}}
          validation: {{repo.WriteCsv("sweep-val.csv", 40, 6, ["u", "v"])}}
          {{test}}
          label: label
        training:
          epochs: 1
          batch_size: 4
          optimizer: { type: adamw, lr: 0.05 }
          threads: 1
        evaluation:
          metrics: [accuracy, macro_f1]
        gates:
          - { metric: accuracy, min: 0.6 }
        sweep:
          metric: accuracy
          parameters:
            training.optimizer.lr: [0.001, 0.1]
            training.epochs: [1, 3]
        """);

    private RunOutcome Run(RunRequest request, RecordingObserver? observer = null) =>
        FineTuneRun.Execute(request, observer ?? new RecordingObserver(), CancellationToken.None);

    [Fact]
    public void A_local_sweep_of_four_trials_keeps_the_best_by_validation_accuracy_and_nests_the_trials_in_mlflow()
    {
        var observer = new RecordingObserver();
        var outcome = Run(new RunRequest { SpecPath = SweepSpec(), OutputDirectory = repo.PathOf("out/swept") }, observer);

        var result = outcome.Result ?? throw new InvalidOperationException(string.Join("\n", observer.Messages));
        var sweep = result.Sweep!;
        Assert.Equal(["trial-01", "trial-02", "trial-03", "trial-04"], sweep.Trials.Select(t => t.Id));
        Assert.Equal(0.1, sweep.Trials[3].Parameters["training.optimizer.lr"]);
        Assert.Equal(3, sweep.Trials[3].Parameters["training.epochs"]);
        // Each trial's own result.json holds the value the sweep lists, and the winner is the best of them (earliest on a tie).
        var own = sweep.Trials.Select(t => RunResultFile.Read(Path.Combine(t.Directory, "result.json"))).ToList();
        Assert.Equal(own.Select(r => (double?)r.Metrics["validation"]["accuracy"]), sweep.Trials.Select(t => t.Metric));
        Assert.True(own.Select(r => r.Metrics["validation"]["accuracy"]).Distinct().Count() > 1, "the parameters are meant to matter");
        var best = sweep.Trials.First(t => t.Metric == sweep.Trials.Max(x => x.Metric));
        Assert.Equal(best.Id, sweep.Winner);
        // The run is the winner: its metrics, gates and verdict, its model bytes.
        var winner = own[sweep.Trials.ToList().IndexOf(best)];
        Assert.Equal(winner.Metrics["validation"]["accuracy"], result.Metrics["validation"]["accuracy"]);
        Assert.Equal(winner.Verdict, result.Verdict);
        Assert.Equal(winner.Gates.Select(g => (g.Name, g.Passed)), result.Gates.Select(g => (g.Name, g.Passed)));
        Assert.Equal(result.Verdict == RunVerdict.Failed ? ExitCodes.GateFailed : ExitCodes.Passed, outcome.ExitCode);
        Assert.Equal(File.ReadAllBytes(Path.Combine(best.Directory, "model", "model.safetensors")), File.ReadAllBytes(result.Outputs.Model));
        Assert.Equal("validation", sweep.GatedOn);
        Assert.Contains(SweepConclusion.SameSplitWarning, result.Advice);
        var report = File.ReadAllText(result.Outputs.Report!);
        Assert.Contains("## Sweep: 4 trials (grid)", report, StringComparison.Ordinal);
        Assert.Contains($"| **{best.Id}** (winner) |", report, StringComparison.Ordinal);
        Assert.Contains("gated on the validation split that chose it", report, StringComparison.Ordinal);

        var parent = result.Tracking!;
        var experiment = repo.PathOf(Path.Combine("mlruns", parent.ExperimentId));
        Assert.All(sweep.Trials, t => Assert.Equal(parent.RunId, File.ReadAllText(Path.Combine(experiment, t.RunId!, "tags", "mlflow.parentRunId"))));
        Assert.False(Directory.Exists(Path.Combine(experiment, parent.RunId, "artifacts", "trials")), "the trials' files belong to their own runs");
    }

    [Fact]
    public void With_a_test_split_the_winner_chosen_on_validation_is_gated_on_test_without_the_same_split_warning()
    {
        var spec = SweepSpec(test: $"test: {repo.WriteCsv("sweep-test.csv", 40, 7, ["u", "v"])}");
        var observer = new RecordingObserver();
        var result = Run(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out/swept-test") }, observer).Result
            ?? throw new InvalidOperationException(string.Join("\n", observer.Messages));

        Assert.Equal("test", result.Sweep!.GatedOn);
        Assert.Equal("test", result.GatedOnSplit);
        // Chosen by validation accuracy, judged by the winner's test accuracy.
        var best = result.Sweep.Trials.First(t => t.Metric == result.Sweep.Trials.Max(x => x.Metric));
        Assert.Equal(best.Id, result.Sweep.Winner);
        var gate = Assert.Single(result.Gates, g => g.Metric == "accuracy");
        Assert.Equal(result.Metrics["test"]["accuracy"], gate.Actual);
        Assert.DoesNotContain(SweepConclusion.SameSplitWarning, result.Advice);
        Assert.DoesNotContain(SweepConclusion.SameSplitWarning, observer.Messages);
    }

    [Fact]
    public void Running_the_sweep_again_skips_the_finished_trials_and_trains_only_a_missing_one()
    {
        var spec = SweepSpec();
        var request = new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out/swept") };
        var first = Run(request).Result!;
        File.Delete(Path.Combine(first.Sweep!.Trials[1].Directory, "result.json"));

        var observer = new RecordingObserver();
        var again = Run(request, observer).Result!;

        Assert.Equal(3, observer.Messages.Count(m => m.EndsWith("already finished with this fingerprint: kept, not trained again", StringComparison.Ordinal)));
        Assert.DoesNotContain("trial-02: already finished with this fingerprint: kept, not trained again", observer.Messages);
        Assert.Contains("trial-01: already finished with this fingerprint: kept, not trained again", observer.Messages);
        Assert.Equal(first.Sweep.Trials.Select(t => t.Metric), again.Sweep!.Trials.Select(t => t.Metric));
        Assert.Equal(first.Sweep.Winner, again.Sweep.Winner);
    }

    [Fact]
    public void Plan_then_one_job_per_trial_then_aggregate_gives_the_local_sweeps_winner_and_verdict()
    {
        var spec = SweepSpec();
        var local = Run(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out/local") }).Result!;

        // Four matrix jobs: separate output folders and tracking stores, as on separate runners.
        var downloaded = repo.PathOf("downloaded");
        foreach (var trial in local.Sweep!.Trials)
        {
            var job = repo.PathOf($"job-{trial.Id}");
            var outcome = Run(new RunRequest { SpecPath = spec, OutputDirectory = Path.Combine(job, "out"), Trial = trial.Id, TrackingUri = Path.Combine(job, "mlruns") });
            Assert.Equal(trial.Metric, outcome.Result!.Metrics["validation"]["accuracy"]);
            CopyFolder(Path.Combine(job, "out", "trials", trial.Id), Path.Combine(downloaded, "trial-result-" + trial.Id));
        }

        var aggregate = Run(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out/aggregate"), AggregateFrom = downloaded });

        var result = aggregate.Result!;
        Assert.Equal(local.Sweep.Winner, result.Sweep!.Winner);
        Assert.Equal(local.Verdict, result.Verdict);
        Assert.Equal(local.Sweep.Trials.Select(t => t.Metric), result.Sweep.Trials.Select(t => t.Metric));
        Assert.Equal(local.Gates.Select(g => (g.Name, g.Passed, g.Actual)), result.Gates.Select(g => (g.Name, g.Passed, g.Actual)));
        Assert.Equal(File.ReadAllBytes(local.Outputs.Model), File.ReadAllBytes(result.Outputs.Model));
    }

    [Fact]
    public void Aggregate_refuses_when_a_planned_trial_is_missing_and_names_it()
    {
        var spec = SweepSpec();
        var job = repo.PathOf("job");
        Run(new RunRequest { SpecPath = spec, OutputDirectory = job, Trial = "trial-01" });
        var observer = new RecordingObserver();

        var outcome = Run(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out/aggregate"), AggregateFrom = job }, observer);

        Assert.Equal(ExitCodes.BadInput, outcome.ExitCode);
        var error = Assert.Single(observer.Diagnostics, d => d.Code == "MLOPS541");
        Assert.Contains("trial-02: no result.json", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("trial-01:", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(repo.PathOf("out/aggregate/result.json")));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose() => repo.Dispose();
}
