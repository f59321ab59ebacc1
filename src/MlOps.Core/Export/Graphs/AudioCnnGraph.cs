using MlOps.Contracts.Export;
using MlOps.Core.Export.Onnx;

namespace MlOps.Core.Export.Graphs;

/// <summary>
/// <c>audio-cnn</c> (AudioCnnModel) on a standardised log-mel spectrogram [batch, 1, n_mels, frames]:
/// three (3×3 Conv, BatchNormalization with the running statistics, Relu, 2×2 MaxPool) blocks, the
/// average over time keeping frequency, Flatten, fc + Relu, head. After three floor-mode pools the
/// frequency axis is already n_mels / 8, so AdaptiveAvgPool2d([n_mels / 8, 1]) only averages time: a
/// Reshape to [batch, 64 · n_mels / 8, time] and a 1-d GlobalAveragePool, which keeps the frames axis
/// dynamic (the module takes any clip length too) and reads the same in every opset from 17 on.
/// </summary>
internal sealed class AudioCnnGraph(int channels, int mels) : FamilyGraph
{
    public const string Input = "log_mel";
    private const string Frames = "frames";
    private const int LastChannels = 64;

    public override IReadOnlyList<OnnxTensorInfo> Emit(GraphLayers layers)
    {
        var graph = layers.Graph;
        graph.Input(Input, OnnxFields.Float, Batch, (long)channels, (long)mels, Frames);
        var x = Input;
        for (var block = 1; block <= 3; block++)
        {
            x = layers.Conv(x, $"backbone.conv{block}", stride: 1, padding: 1);
            x = layers.MaxPool(layers.Relu(layers.BatchNorm(x, $"backbone.norm{block}")), 2, 2, 0);
        }
        x = graph.Node("Reshape", [x, graph.Shape(0, LastChannels * (mels / 8), -1)]);
        x = graph.Node("Flatten", [graph.Node("GlobalAveragePool", [x])], OnnxAttribute.Of("axis", 1L));
        Head(layers, layers.Relu(layers.Linear2d(x, "backbone.fc")));
        return [new OnnxTensorInfo(Input, OnnxDtypes.Float32, [-1, channels, mels, -1], [Batch, null, null, Frames])];
    }
}
