using System.Globalization;
using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Torch;

namespace MlOps.Core.Tests.Pipeline;

/// <summary>A real run's model/ folder is an MLflow Model: MLmodel, the example row, and both in the run's artifacts.</summary>
[Collection(TorchCollection.Name)]
public sealed class MlModelRunTests : IDisposable
{
    private readonly TempRepository repo = new();

    [Fact]
    public void A_finished_run_writes_an_MLmodel_whose_signature_and_example_come_from_its_data()
    {
        var spec = repo.WriteSpec("tiny.yaml", $$"""
            name: tiny
            seed: 3
            base: { model: mlp, checkpoint: none, hidden: [8] }
            data:
              train: {{repo.WriteCsv("train.csv", 80, 1, ["p", "q"])}}
              label: label
              categorical: [group]
              split: { validation: 0.25 }
            training: { epochs: 1, batch_size: 16, threads: 1 }
            """);
        var outcome = FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out/tiny") }, new RecordingObserver(), CancellationToken.None);

        Assert.Equal(ExitCodes.Passed, outcome.ExitCode);
        var model = repo.PathOf("out/tiny/model");
        var mlmodel = File.ReadAllText(Path.Combine(model, "MLmodel"));
        Assert.Contains("  mlops:\n    architecture: mlp\n", mlmodel, StringComparison.Ordinal);
        Assert.Contains("""inputs: '[{"type": "double", "name": "x1", "required": true}""", mlmodel, StringComparison.Ordinal);
        Assert.Contains("""{"type": "string", "name": "group", "required": true}""", mlmodel.Replace("\n    ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("""outputs: '[{"type": "string", "name": "label", "required": true}]'""", mlmodel, StringComparison.Ordinal);

        // The example is one row of the training file, decoded back from its features.
        using var example = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "input_example.json")));
        Assert.Equal(["x1", "x2", "x3", "noise", "group"], example.RootElement.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var row = example.RootElement.GetProperty("data")[0];
        var csvRows = File.ReadAllLines(repo.PathOf("data/train.csv")).Skip(1).Select(l => l.Split(','));
        Assert.Contains(csvRows, r => Enumerable.Range(0, 4).All(i => Math.Abs(double.Parse(r[i], CultureInfo.InvariantCulture) - row[i].GetDouble()) < 1e-4) && r[4] == row[4].GetString());

        var tracking = RunResultFile.Read(outcome.ResultPath!).Tracking!;
        var artifacts = repo.PathOf(Path.Combine("mlruns", tracking.ExperimentId, tracking.RunId, "artifacts", "model"));
        Assert.Equal(mlmodel, File.ReadAllText(Path.Combine(artifacts, "MLmodel")));
        Assert.True(File.Exists(Path.Combine(artifacts, "serving_input_example.json")));
    }

    public void Dispose() => repo.Dispose();
}
