using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Pipeline;
using MlOps.Core.Tests.Torch;
using MlOps.Runtime;

namespace MlOps.Core.Tests.Runtime;

/// <summary>docs/runtime.md's ML.NET snippet, run: ApplyOnnxModel on the exported graph gives FineTunedModel's logits.</summary>
[Collection(TorchCollection.Name)]
public sealed class MlNetInteropTests : IDisposable
{
    private readonly TempRepository repo = new();

    /// <summary>The snippet's row type: the graph's input column.</summary>
    private sealed class Row
    {
        [ColumnName("features")]
        public float[] Features { get; set; } = [];
    }

    [Fact]
    public void ApplyOnnxModel_on_encoded_rows_gives_the_runtimes_logits()
    {
        var csv = new StringBuilder("x1,colour,label\n");
        for (var i = 0; i < 60; i++)
        {
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{(i % 2) + (i * 0.013):F3},{(i % 3 == 0 ? "red" : "blue")},{(i % 2 == 0 ? "no" : "yes")}"));
        }
        File.WriteAllText(repo.PathOf("data/all.csv"), csv.ToString());
        var spec = repo.WriteSpec("spec.yaml", """
            name: interop
            seed: 1
            base: { model: mlp, checkpoint: none, hidden: [4] }
            data: { train: data/all.csv, label: label, categorical: [colour], split: { validation: 0.3 } }
            training: { epochs: 1, batch_size: 16, threads: 1 }
            export: { onnx: true }
            """);
        var outcome = FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out/interop") }, new RecordingObserver(), CancellationToken.None);
        Assert.Equal(ExitCodes.Passed, outcome.ExitCode);
        var folder = RunResultFile.Read(outcome.ResultPath!).Export!.Folder;
        var rows = Enumerable.Range(0, 8).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["x1"] = i * 0.25,
            ["colour"] = i % 2 == 0 ? "red" : "blue",
        }).ToList();

        // --- docs/runtime.md, "ML.NET" ---
        using var model = FineTunedModel.Load(folder);
        var ml = new MLContext();
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, (int)model.Manifest.Inputs[0].Shape[1]);
        var data = ml.Data.LoadFromEnumerable(rows.Select(r => new Row { Features = model.Encode(r) }), schema);
        var pipeline = ml.Transforms.ApplyOnnxModel(outputColumnName: "logits", inputColumnName: "features",
            modelFile: Path.Combine(folder, "model.onnx"));
        var logits = pipeline.Fit(data).Transform(data).GetColumn<float[]>("logits").ToList();
        // --- end of the snippet ---

        var expected = model.Predict(rows);
        Assert.Equal(rows.Count, logits.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(expected[i].Logits.Count, logits[i].Length);
            Assert.All(expected[i].Logits.Zip(logits[i]), p => Assert.Equal(p.First, p.Second, 6));
        }
    }

    public void Dispose() => repo.Dispose();
}
