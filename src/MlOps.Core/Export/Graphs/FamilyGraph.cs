using MlOps.Contracts.Export;

namespace MlOps.Core.Export.Graphs;

/// <summary>
/// One family's graph: declares the inputs, then the nodes from those inputs to <see cref="Logits"/>,
/// mirroring the module's forward in eval mode (the parity check compares the two on real inputs).
/// </summary>
internal abstract class FamilyGraph
{
    public const string Logits = "logits";

    /// <summary>Adds inputs and nodes to <paramref name="layers"/>' graph, ending in <see cref="Logits"/>; returns the inputs as the manifest lists them.</summary>
    public abstract IReadOnlyList<OnnxTensorInfo> Emit(GraphLayers layers);

    /// <summary>The head: Gemm into the graph output <c>logits</c>.</summary>
    protected static void Head(GraphLayers layers, string features) =>
        layers.Graph.NodeTo("Gemm", [features, layers.Init("head.weight"), layers.Init("head.bias")], Logits, Onnx.OnnxAttribute.Of("transB", 1L));

    protected static OnnxTensorInfo FloatInput(string name, params long[] sampleShape) =>
        new(name, OnnxDtypes.Float32, [-1, .. sampleShape], [Batch, .. sampleShape.Select(_ => (string?)null)]);

    protected const string Batch = "batch";
    protected const string Sequence = "sequence";
}
