using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Pipeline;
using MlOps.Core.Reporting;
using MlOps.Core.Tests.Torch;

namespace MlOps.Core.Tests.Pipeline;

/// <summary>Whole runs, from a spec file to the output folder and the ./mlruns store.</summary>
[Collection(TorchCollection.Name)]
public sealed class FineTuneRunTests : IDisposable
{
    private readonly TempRepository repo = new();

    private string PretrainSpec(string extraGates = "") => repo.WriteSpec("pretrain.yaml", $$"""
        name: tiny-pretrain
        seed: 3
        base:
          model: mlp
          checkpoint: none
          hidden: [16]
        data:
          train: {{repo.WriteCsv("pretrain.csv", 300, 1, ["p", "q", "r"])}}
          label: label
          sensitive: [group]
          split: { validation: 0.25 }
        training:
          epochs: 8
          batch_size: 32
          optimizer: { type: adamw, lr: 0.01 }
          threads: 1
        gates:
          - { metric: accuracy, min: 0.5 }
        {{extraGates}}
        """);

    private RunOutcome Run(string spec, bool resume = false, RecordingObserver? observer = null, CancellationToken cancel = default, bool reuse = false) =>
        FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out/" + Path.GetFileNameWithoutExtension(spec)), Resume = resume, Reuse = reuse },
            observer ?? new RecordingObserver(), cancel);

    [Fact]
    public void A_pretrain_then_a_fine_tune_write_results_models_reports_and_tracked_runs()
    {
        var pretrain = Run(PretrainSpec());
        Assert.Equal(ExitCodes.Passed, pretrain.ExitCode);
        var baseModel = pretrain.Result!.Outputs.Model;
        var metadata = CheckpointFile.ReadMetadata(baseModel)!;
        Assert.Equal(["p", "q", "r"], metadata.Classes);
        Assert.DoesNotContain(metadata.EncoderJson!, "\"group\"", StringComparison.Ordinal); // sensitive: never a feature

        var fineTune = repo.WriteSpec("finetune.yaml", $$"""
            name: tiny-finetune
            seed: 3
            base:
              model: mlp
              checkpoint: {{Path.GetRelativePath(repo.Root, baseModel)}}
              head: replace
              hidden: [16]
            data:
              train: {{repo.WriteCsv("ft-train.csv", 60, 2, ["u", "v"])}}
              validation: {{repo.WriteCsv("ft-val.csv", 60, 3, ["u", "v"])}}
              label: label
              sensitive: [group]
            training:
              epochs: 5
              batch_size: 16
              optimizer: { type: adamw, lr: 0.001 }
              layer_lr: { "head.*": 0.01 }
              threads: 1
            evaluation:
              metrics: [accuracy, macro_f1]
              forgetting: { data: {{repo.WriteCsv("original.csv", 90, 4, ["p", "q", "r"])}}, metric: accuracy }
            bias:
              - { attribute: group, metric: demographic_parity_difference, max: 1.0, min_group_size: 5 }
            """);
        var outcome = Run(fineTune);

        Assert.Equal(ExitCodes.Passed, outcome.ExitCode);
        var result = RunResultFile.Read(outcome.ResultPath!);
        Assert.Equal(RunVerdict.Passed, result.Verdict);
        Assert.Equal(["u", "v"], result.Classes);
        Assert.InRange(result.Metrics["validation"]["accuracy"], 0, 1);
        Assert.True(result.Baseline["validation"].ContainsKey("accuracy"), "the linear-probe baseline was evaluated");
        Assert.True(result.Metrics["forgetting"].ContainsKey("accuracy") && result.Baseline["forgetting"].ContainsKey("accuracy"));
        Assert.Single(result.Fairness);
        Assert.Equal(5, result.Training.History.Count);
        Assert.True(File.Exists(result.Outputs.Report) && File.Exists(result.Outputs.Junit) && File.Exists(result.Outputs.History));
        Assert.False(Directory.Exists(repo.PathOf("out/finetune/checkpoint")), "a finished run removes its resume checkpoint");
        Assert.NotNull(result.Tracking);
        Assert.True(Directory.Exists(repo.PathOf(Path.Combine("mlruns", result.Tracking!.ExperimentId, result.Tracking.RunId))), "the run is in ./mlruns");
    }

    [Fact]
    public void Result_json_is_written_once_after_tracking_and_mlflow_keeps_the_same_file()
    {
        var outcome = Run(PretrainSpec());

        var written = File.ReadAllText(outcome.ResultPath!);
        var tracking = RunResultFile.Read(outcome.ResultPath!).Tracking!;
        var artifact = repo.PathOf(Path.Combine("mlruns", tracking.ExperimentId, tracking.RunId, "artifacts", "result.json"));
        Assert.Equal(written, File.ReadAllText(artifact));
        Assert.Equal(tracking.RunId, RunResultFile.Read(artifact).Tracking!.RunId);
        Assert.Equal(["result.json"], Directory.EnumerateFiles(Path.GetDirectoryName(outcome.ResultPath)!, "result.json*").Select(Path.GetFileName));
    }

    [Fact]
    public void A_failed_gate_exits_1_and_names_the_gate_line()
    {
        var outcome = Run(PretrainSpec("  - { metric: log_loss, max: 0.000001 }"));

        Assert.Equal(ExitCodes.GateFailed, outcome.ExitCode);
        var failed = Assert.Single(outcome.Result!.Gates, g => !g.Passed);
        Assert.Equal(19, failed.Location.Line); // the second entry under gates:
        Assert.Equal(RunVerdict.Failed, RunResultFile.Read(outcome.ResultPath!).Verdict);
    }

    [Fact]
    public void A_reused_failed_run_replays_its_gates_and_run_id_as_the_original_printed_them()
    {
        var spec = PretrainSpec("  - { metric: log_loss, max: 0.000001 }");
        var firstObserver = new RecordingObserver();
        var first = Run(spec, observer: firstObserver, reuse: true);
        Assert.Equal(ExitCodes.GateFailed, first.ExitCode);

        var replayObserver = new RecordingObserver();
        var reused = Run(spec, observer: replayObserver, reuse: true);

        Assert.Contains(replayObserver.Messages, m => m.StartsWith("reused run ", StringComparison.Ordinal));
        Assert.Empty(replayObserver.Epochs);
        Assert.Equal(ExitCodes.GateFailed, reused.ExitCode);
        Assert.Equal(firstObserver.Gates, replayObserver.Gates);
        var failed = Assert.Single(replayObserver.Gates, g => !g.Passed);
        Assert.Equal(19, failed.Location.Line);
        Assert.Equal(first.Result!.Tracking!.RunId, reused.Result!.Tracking!.RunId);
    }

    [Fact]
    public void Bad_data_exits_2_with_a_located_error_and_leaves_no_output_folder()
    {
        var spec = PretrainSpec();
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("label: label", "label: outcome", StringComparison.Ordinal));
        var observer = new RecordingObserver();

        var outcome = Run(spec, observer: observer);

        Assert.Equal(ExitCodes.BadInput, outcome.ExitCode);
        Assert.Contains(observer.Diagnostics, d => d.IsError && d.Message.Contains("outcome", StringComparison.Ordinal));
        Assert.False(Directory.Exists(repo.PathOf("out/pretrain")));
    }

    [Fact]
    public void Ctrl_c_saves_a_checkpoint_exits_130_and_resume_finishes_with_the_same_metrics()
    {
        var expected = Run(PretrainSpec()).Result!;
        Directory.Delete(repo.PathOf("out/pretrain"), recursive: true);

        using var cancel = new CancellationTokenSource();
        var observer = new RecordingObserver { OnBatchHook = (epoch, batch) => { if (epoch == 3 && batch == 2) cancel.Cancel(); } };
        var stopped = Run(PretrainSpec(), observer: observer, cancel: cancel.Token);
        Assert.Equal(ExitCodes.Interrupted, stopped.ExitCode);
        Assert.False(File.Exists(repo.PathOf("out/pretrain/result.json")), "no result for a stopped run");
        // The stopped run's checkpoint waits in the staging folder beside the output folder, which it never touched.
        Assert.True(Directory.Exists(repo.PathOf("out/.pretrain.mlops-staging/checkpoint")));
        Assert.False(Directory.Exists(repo.PathOf("out/pretrain")));

        var resumed = Run(PretrainSpec(), resume: true).Result!;

        Assert.True(resumed.Training.Resumed);
        Assert.Equal(expected.Metrics["validation"], resumed.Metrics["validation"]);
    }

    public void Dispose() => repo.Dispose();
}
