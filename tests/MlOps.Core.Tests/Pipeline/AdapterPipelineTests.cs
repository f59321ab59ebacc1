using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Models.Adapters;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Pipeline;
using MlOps.Core.Reporting;
using MlOps.Core.Tests.Torch;
using MlOps.Core.Training;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Pipeline;

/// <summary>Runs with `adapter:` and `training.precision`, from a spec file to result.json.</summary>
[Collection(TorchCollection.Name)]
public sealed class AdapterPipelineTests : IDisposable
{
    private readonly TempRepository repo = new();

    private string Spec(string adapter, string precision = "fp32") => repo.WriteSpec("spec.yaml", $$"""
        name: tiny-adapter
        seed: 3
        base:
          model: mlp
          checkpoint: none
          hidden: [16, 8]
        data:
          train: {{repo.WriteCsv("train.csv", 120, 1, ["p", "q"])}}
          label: label
          sensitive: [group]
          split: { validation: 0.25 }
        training:
          epochs: 3
          batch_size: 16
          optimizer: { lr: 0.01 }
          threads: 1
          precision: {{precision}}
        gates:
          - { metric: accuracy, min: 0.1 }
        {{adapter}}
        """);

    private RunOutcome Run(string spec, RecordingObserver observer) =>
        FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out"), TrackingUri = new Uri(repo.PathOf("mlruns")).AbsoluteUri }, observer, CancellationToken.None);

    [Fact]
    public void A_target_that_matches_nothing_is_bad_input_at_the_target_in_the_spec()
    {
        var observer = new RecordingObserver();

        var outcome = Run(Spec("adapter:\n  r: 2\n  targets: [\"backbone.*\", \"*.query\"]"), observer);

        Assert.Equal(ExitCodes.BadInput, outcome.ExitCode);
        var error = Assert.Single(observer.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(AdapterErrorCodes.TargetMatchesNothing, error.Code);
        Assert.Equal(22, error.Location.Line);
        Assert.Equal(27, error.Location.Column);
        Assert.Contains("backbone.fc1, backbone.fc2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bf16_run_with_an_adapter_reports_precision_trainable_share_and_the_adapter()
    {
        var observer = new RecordingObserver();

        var outcome = Run(Spec("adapter: { r: 2, alpha: 4, targets: [\"backbone.fc2\"] }", precision: "bf16"), observer);

        Assert.Equal(ExitCodes.Passed, outcome.ExitCode);
        Assert.Contains(observer.Diagnostics, d => d.Code == TrainingErrorCodes.Bf16OnCpu && d.Severity == DiagnosticSeverity.Warning);
        var result = RunResultFile.Read(outcome.ResultPath!);
        Assert.Equal("bf16", result.Precision);
        Assert.Equal(["backbone.fc2"], result.Adapter!.Modules);
        // LoRA on fc2 (16 → 8, r = 2) and the head (8 → 2) train; nothing else.
        Assert.Equal((2 * 16) + (8 * 2) + (2 * 8) + 2, result.Model.TrainableParameters);
        Assert.True(result.Model.TrainableShare is > 0 and < 0.5, $"share {result.Model.TrainableShare}");
        Assert.Contains("parameters trained", File.ReadAllText(result.Outputs.Report!), StringComparison.Ordinal);
        Assert.Contains("bf16", File.ReadAllText(result.Outputs.Report!), StringComparison.Ordinal);
        // merge: false → the run's model keeps the adapter tensors beside the base weights.
        Assert.Contains("backbone.fc2.lora_A.weight", SafeTensorsFile.Read(result.Outputs.Model).Tensors.Keys);
        Assert.True(File.Exists(Path.Combine(result.Outputs.Adapter!, PeftAdapterFiles.ConfigFile)));
    }

    [Fact]
    public void A_merged_adapter_run_writes_a_model_that_loads_as_a_plain_base_checkpoint()
    {
        var outcome = Run(Spec("adapter: { r: 2, targets: [\"backbone.*\"], merge: true }"), new RecordingObserver());

        Assert.Equal(ExitCodes.Passed, outcome.ExitCode);
        var result = RunResultFile.Read(outcome.ResultPath!);
        Assert.True(result.Adapter!.Merged);
        using var plain = new MlOps.Core.Models.MlpModel(new MlOps.Core.Models.ModelShape([4], 2, [16, 8], 0));
        CheckpointLoader.Load(plain, result.Outputs.Model, replaceHead: false, new SourceLocation("x", 0, 0));
    }

    public void Dispose() => repo.Dispose();
}
