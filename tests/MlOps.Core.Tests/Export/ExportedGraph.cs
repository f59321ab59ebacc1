using Microsoft.ML.OnnxRuntime;
using MlOps.Contracts.Export;
using MlOps.Core.Export;
using MlOps.Core.Models;
using Onnx;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Export;

/// <summary>
/// A model exported into a temporary folder, read back with OnnxSharp (its own protobuf schema, not the
/// writer's), and run by ONNX Runtime next to the TorchSharp model on the same inputs.
/// </summary>
internal sealed class ExportedGraph : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "mlops-onnx-" + Guid.NewGuid().ToString("N"));

    public ExportedGraph(FineTuneModule model, int[] sampleShape, int classes, OnnxPreprocessing? preprocessing = null, int opset = 17)
    {
        Opset = opset;
        Model = model;
        SampleShape = sampleShape;
        Layout = new OnnxExportLayout(Path.Combine(folder, OnnxExportLayout.FolderName));
        Manifest = OnnxExporter.Write(model, new OnnxExportRequest(sampleShape, [.. Enumerable.Range(0, classes).Select(i => $"c{i}")],
            preprocessing ?? new OnnxPreprocessing { Kind = PreprocessingKinds.Tabular }, [], opset), Layout);
        Proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Layout.Model));
    }

    public int Opset { get; }
    public FineTuneModule Model { get; }
    public int[] SampleShape { get; }
    public OnnxExportLayout Layout { get; }
    public OnnxManifest Manifest { get; }
    public ModelProto Proto { get; }

    /// <summary>The graph is well formed: IR 8, the opset asked for, every node input defined before use, every initializer used, the declared input and output.</summary>
    public void AssertWellFormed(string inputName, params string[] dynamicAxes)
    {
        Assert.Equal(8, Proto.IrVersion);
        Assert.Equal(Opset, Assert.Single(Proto.OpsetImport).Version);
        var graph = Proto.Graph;
        var defined = new HashSet<string>(graph.Initializer.Select(i => i.Name).Concat(graph.Input.Select(i => i.Name)), StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            foreach (var input in node.Input)
            {
                Assert.True(defined.Contains(input), $"{node.OpType} node {node.Name} reads '{input}' before anything defines it");
                used.Add(input);
            }
            foreach (var output in node.Output)
            {
                Assert.True(defined.Add(output), $"'{output}' is defined twice");
            }
        }
        Assert.DoesNotContain(graph.Initializer, i => !used.Contains(i.Name));
        var input0 = graph.Input[0];
        Assert.Equal(Manifest.Inputs.Select(i => i.Name), graph.Input.Select(i => i.Name));
        Assert.Equal(inputName, input0.Name);
        Assert.Equal(dynamicAxes, input0.Type.TensorType.Shape.Dim.Where(d => d.DimParam.Length > 0).Select(d => d.DimParam));
        Assert.Equal("logits", Assert.Single(graph.Output).Name);
        Assert.Contains("logits", defined);
    }

    /// <summary>The largest |logit difference| between ONNX Runtime and the TorchSharp model (eval mode) on <paramref name="rows"/> samples.</summary>
    public double MaxAbsDiff(float[] features, int rows)
    {
        long[] shape = [rows, .. SampleShape.Select(d => (long)d)];
        float[] expected;
        Model.eval();
        using (no_grad())
        using (var x = tensor(features, shape))
        using (var logits = Model.forward(x))
        {
            expected = logits.data<float>().ToArray();
        }
        if (Manifest.Inputs.Count > 1)
        {
            // A decoder classifier's attention_mask: the gate's own scorer derives it from the ids.
            using var scorer = new OnnxRuntimeScorer(Layout.Model, Manifest);
            var scored = scorer.Logits(features, rows, SampleShape, Manifest.Classes.Count);
            Assert.All(scored, v => Assert.True(float.IsFinite(v)));
            return expected.Zip(scored, (a, b) => Math.Abs((double)a - b)).Max();
        }
        using var session = new InferenceSession(Layout.Model);
        var input = Manifest.Inputs[0];
        using var value = input.Dtype == OnnxDtypes.Int64
            ? OrtValue.CreateTensorValueFromMemory(features.Select(f => (long)f).ToArray(), shape)
            : OrtValue.CreateTensorValueFromMemory(features, shape);
        using var options = new RunOptions();
        using var outputs = session.Run(options, [input.Name], [value], ["logits"]);
        var actual = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        Assert.All(actual, v => Assert.True(float.IsFinite(v)));
        return expected.Zip(actual, (a, b) => Math.Abs((double)a - b)).Max();
    }

    public void Dispose()
    {
        KeptExports.Keep(Layout.Directory, Manifest.Family);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
