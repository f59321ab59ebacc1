using MlOps.Contracts.Export;
using MlOps.Core.Export.Onnx;

namespace MlOps.Core.Export.Graphs;

/// <summary><c>cnn-small</c>: two (3×3 Conv, Relu, 2×2 MaxPool) blocks, Flatten, fc + Relu, head (SmallCnnModel).</summary>
internal sealed class SmallCnnGraph(int channels, int height, int width) : FamilyGraph
{
    public const string Input = "pixel_values";

    public override IReadOnlyList<OnnxTensorInfo> Emit(GraphLayers layers)
    {
        layers.Graph.Input(Input, OnnxFields.Float, Batch, (long)channels, (long)height, (long)width);
        var x = layers.MaxPool(layers.Relu(layers.Conv(Input, "backbone.conv1", stride: 1, padding: 1)), 2, 2, 0);
        x = layers.MaxPool(layers.Relu(layers.Conv(x, "backbone.conv2", stride: 1, padding: 1)), 2, 2, 0);
        x = layers.Graph.Node("Flatten", [x], OnnxAttribute.Of("axis", 1L));
        Head(layers, layers.Relu(layers.Linear2d(x, "backbone.fc")));
        return [FloatInput(Input, channels, height, width)];
    }
}
