using MlOps.Contracts.Export;
using MlOps.Core.Export.Onnx;

namespace MlOps.Core.Export.Graphs;

/// <summary><c>mlp</c>: features → (Gemm, Relu) per hidden layer (backbone.fc1, fc2, …) → head.</summary>
internal sealed class MlpGraph(int inputSize) : FamilyGraph
{
    public const string Input = "features";

    public override IReadOnlyList<OnnxTensorInfo> Emit(GraphLayers layers)
    {
        layers.Graph.Input(Input, OnnxFields.Float, Batch, (long)inputSize);
        var x = Input;
        for (var i = 1; layers.Weights.Has($"backbone.fc{i}.weight"); i++)
        {
            x = layers.Relu(layers.Linear2d(x, $"backbone.fc{i}"));
        }
        Head(layers, x);
        return [FloatInput(Input, inputSize)];
    }
}
