using MlOps.Contracts.Export;
using MlOps.Core.Export.Onnx;
using MlOps.Core.Models.Vision;

namespace MlOps.Core.Export.Graphs;

/// <summary>
/// torchvision's ResNet (ResNetBackbone and its blocks): a grayscale input expanded to three channels,
/// the stem, four stages of basic or bottleneck blocks with their downsample branches, global average
/// pooling, head. BatchNormalization uses the running statistics, as eval mode does.
/// </summary>
internal sealed class ResNetGraph(ResNetVariant variant, int channels, int height, int width) : FamilyGraph
{
    public const string Input = "pixel_values";

    public override IReadOnlyList<OnnxTensorInfo> Emit(GraphLayers layers)
    {
        var graph = layers.Graph;
        graph.Input(Input, OnnxFields.Float, Batch, (long)channels, (long)height, (long)width);
        var x = channels == 1 ? graph.Node("Expand", [Input, graph.Shape(1, 3, 1, 1)]) : Input;
        x = layers.Relu(layers.BatchNorm(layers.Conv(x, "backbone.conv1", stride: 2, padding: 3), "backbone.bn1"));
        x = layers.MaxPool(x, 3, 2, 1);
        for (var stage = 1; stage <= 4; stage++)
        {
            for (var block = 0; block < variant.BlocksPerStage[stage - 1]; block++)
            {
                var stride = stage > 1 && block == 0 ? 2 : 1;
                x = Block(layers, x, $"backbone.layer{stage}.{block}", stride);
            }
        }
        x = graph.Node("Flatten", [graph.Node("GlobalAveragePool", [x])], OnnxAttribute.Of("axis", 1L));
        Head(layers, x);
        return [FloatInput(Input, channels, height, width)];
    }

    private string Block(GraphLayers layers, string input, string prefix, long stride)
    {
        string x;
        if (variant.Bottleneck)
        {
            x = layers.Relu(layers.BatchNorm(layers.Conv(input, prefix + ".conv1", 1, 0), prefix + ".bn1"));
            x = layers.Relu(layers.BatchNorm(layers.Conv(x, prefix + ".conv2", stride, 1), prefix + ".bn2"));
            x = layers.BatchNorm(layers.Conv(x, prefix + ".conv3", 1, 0), prefix + ".bn3");
        }
        else
        {
            x = layers.Relu(layers.BatchNorm(layers.Conv(input, prefix + ".conv1", stride, 1), prefix + ".bn1"));
            x = layers.BatchNorm(layers.Conv(x, prefix + ".conv2", 1, 1), prefix + ".bn2");
        }
        var identity = layers.Weights.Has(prefix + ".downsample.0.weight")
            ? layers.BatchNorm(layers.Conv(input, prefix + ".downsample.0", stride, 0), prefix + ".downsample.1")
            : input;
        return layers.Relu(layers.Graph.Node("Add", [x, identity]));
    }
}
