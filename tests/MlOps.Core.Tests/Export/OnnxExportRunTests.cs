using System.Globalization;
using System.Text;
using Microsoft.ML.OnnxRuntime;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Export;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Pipeline;
using MlOps.Core.Tests.Torch;

namespace MlOps.Core.Tests.Export;

/// <summary>Whole runs with `export: { onnx: true }`: the exported folder, the parity in result.json and the export gate.</summary>
[Collection(TorchCollection.Name)]
public sealed class OnnxExportRunTests : IDisposable
{
    private readonly TempRepository repo = new();

    /// <summary>A table with a categorical column (colour), so the manifest carries a one-hot block.</summary>
    private string Csv(string name, int rows, int seed)
    {
        var random = new Random(seed);
        string[] colours = ["red", "green", "blue"];
        var csv = new StringBuilder("x1,x2,colour,label\n");
        for (var i = 0; i < rows; i++)
        {
            var label = i % 2;
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{random.NextDouble() + label:F4},{random.NextDouble() * 10:F3},{colours[(i + label) % 3]},{(label == 0 ? "no" : "yes")}"));
        }
        File.WriteAllText(repo.PathOf(Path.Combine("data", name)), csv.ToString());
        return "data/" + name;
    }

    private string Spec(string export, string gates) => repo.WriteSpec("spec.yaml", $$"""
        name: tiny-onnx
        seed: 5
        base:
          model: mlp
          checkpoint: none
          hidden: [8, 8]
        data:
          train: {{Csv("train.csv", 80, 1)}}
          validation: {{Csv("val.csv", 40, 2)}}
          label: label
        training:
          epochs: 2
          batch_size: 16
          optimizer: { type: adamw, lr: 0.01 }
          threads: 1
        {{export}}
        gates:
          - { metric: accuracy, min: 0.0 }
        {{gates}}
        """);

    private RunOutcome Run(string spec)
    {
        var observer = new RecordingObserver();
        var outcome = FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out/run") }, observer, CancellationToken.None);
        Assert.True(outcome.ExitCode is ExitCodes.Passed or ExitCodes.GateFailed, string.Join("\n", observer.Diagnostics.Select(d => d.ToString())));
        return outcome;
    }

    [Fact]
    public void An_mlp_run_writes_the_onnx_folder_and_passes_the_parity_gate()
    {
        var outcome = Run(Spec("export: { onnx: true, opset: 17 }", "  - { export: onnx, max_abs_diff: 1.0e-4 }"));

        Assert.Equal(ExitCodes.Passed, outcome.ExitCode);
        var result = RunResultFile.Read(outcome.ResultPath!);
        var export = Assert.IsType<OnnxExportInfo>(result.Export);
        Assert.Equal(repo.PathOf(Path.Combine("out", "run", "onnx")), export.Folder);
        Assert.True(File.Exists(export.Model) && File.Exists(export.Manifest));
        var parity = Assert.IsType<OnnxParity>(export.Parity);
        Assert.Equal(40, parity.Rows);
        Assert.InRange(parity.MaxAbsLogitDiff, 0, 1e-4);
        Assert.Equal(1.0, parity.PredictionAgreement);
        Assert.Equal(0, parity.Differences["accuracy"], 12);
        var gate = Assert.Single(result.Gates, g => g.Kind == GateResultKind.Export);
        Assert.True(gate.Passed, gate.Message);

        var manifest = OnnxManifestFile.Read(export.Manifest);
        Assert.Equal("mlp", manifest.Family);
        Assert.Equal(["no", "yes"], manifest.Classes);
        var input = Assert.Single(manifest.Inputs);
        Assert.Equal(("features", "float32"), (input.Name, input.Dtype));
        Assert.Equal([-1L, 5L], input.Shape); // x1, x2, colour=blue|green|red
        var tabular = manifest.Preprocessing.Tabular!;
        Assert.Equal(["x1", "x2", "colour"], tabular.Columns.Select(c => c.Name));
        Assert.Equal(["blue", "green", "red"], tabular.Columns[2].Categories.Order(StringComparer.Ordinal));
        Assert.Equal(5, tabular.FeatureNames.Count);

        // The graph as ONNX Runtime sees it: a dynamic batch, one logits output per class.
        using var session = new InferenceSession(export.Model);
        Assert.Equal("batch", session.InputMetadata["features"].SymbolicDimensions[0]);
        Assert.Equal([-1, 2], session.OutputMetadata["logits"].Dimensions);
        var report = File.ReadAllText(result.Outputs.Report!);
        Assert.Contains("## Export", report, StringComparison.Ordinal);
        Assert.Contains("onnx/model.onnx beside this report", report, StringComparison.Ordinal);
        Assert.DoesNotContain("staging", report, StringComparison.Ordinal);
    }

    [Fact]
    public void An_export_gate_without_export_fails_and_says_what_to_set()
    {
        var outcome = Run(Spec("", "  - { export: onnx, max_abs_diff: 1.0e-4 }"));

        Assert.Equal(ExitCodes.GateFailed, outcome.ExitCode);
        var gate = Assert.Single(outcome.Result!.Gates, g => g.Kind == GateResultKind.Export);
        Assert.False(gate.Passed);
        Assert.Contains("export: { onnx: true }", gate.Message, StringComparison.Ordinal);
        Assert.Null(outcome.Result.Export);
        Assert.False(Directory.Exists(repo.PathOf("out/run/onnx")));
    }

    public void Dispose() => repo.Dispose();
}
