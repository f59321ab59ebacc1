using MlOps.Contracts.Export;
using MlOps.Core.Export.Onnx;
using MlOps.Core.Models.Speech;

namespace MlOps.Core.Export.Graphs;

/// <summary>
/// wav2vec2 / HuBERT sequence classifiers (SpeechClassifier) on waveforms [batch, samples], normalised
/// per utterance and right-padded with zeros. As SpeechBackbone: a row's real samples end at its last
/// non-zero sample; the conv length formula turns that into real frames (at least one). Then the conv
/// feature encoder (GroupNorm on the first layer as InstanceNormalization, or LayerNorm on every layer),
/// the feature projection, the encoder (<see cref="SpeechEncoderGraph"/>), the projector, the mean over
/// real frames, the head. Batch and samples are dynamic.
/// </summary>
internal sealed class SpeechGraph(SpeechConfig config, int opset) : FamilyGraph
{
    public const string Input = "waveform";
    private const string Samples = "samples";
    private const float TorchNormEps = 1e-5f;

    public override IReadOnlyList<OnnxTensorInfo> Emit(GraphLayers layers)
    {
        var g = layers.Graph;
        g.Input(Input, OnnxFields.Float, Batch, Samples);
        var frames = FeatureEncoder(layers);
        var mask = FrameMask(g, frames);
        var hidden = frames;
        if (config.FeatureProjectionNorm)
        {
            hidden = layers.LayerNorm(hidden, "backbone.feature_projection.layer_norm", config.LayerNormEps);
        }
        hidden = layers.Linear3d(hidden, "backbone.feature_projection.projection");
        // [batch, frames, 1]: true where a frame is padding.
        var padded = g.Node("Unsqueeze", [g.Node("Not", [mask]), g.Shape(-1)]);
        var states = new SpeechEncoderGraph(layers, config).States(hidden, padded, mask);
        var last = config.UseWeightedLayerSum ? WeightedSum(layers, states) : states[^1];
        var projected = g.Node("Where", [padded, g.Scalar(0f), layers.Linear3d(last, "projector")]);
        var count = g.Node("ReduceSum", [g.Node("Cast", [mask], OnnxAttribute.Of("to", (long)OnnxFields.Float)), g.Shape(1)], OnnxAttribute.Of("keepdims", 1L));
        var pooled = g.Node("Div", [g.Node("ReduceSum", [projected, g.Shape(1)], OnnxAttribute.Of("keepdims", 0L)), count]);
        Head(layers, pooled);
        return [new OnnxTensorInfo(Input, OnnxDtypes.Float32, [-1, -1], [Batch, Samples])];
    }

    /// <summary>The conv stack: waveform → frames [batch, frames, conv_dim[-1]].</summary>
    private string FeatureEncoder(GraphLayers layers)
    {
        var g = layers.Graph;
        var x = g.Node("Unsqueeze", [Input, g.Shape(1)]);
        for (var i = 0; i < config.ConvDim.Count; i++)
        {
            var prefix = $"backbone.feature_extractor.conv_layers.{i}";
            string[] inputs = config.ConvBias ? [x, layers.Init(prefix + ".conv.weight"), layers.Init(prefix + ".conv.bias")] : [x, layers.Init(prefix + ".conv.weight")];
            x = g.Node("Conv", inputs, OnnxAttribute.Of("kernel_shape", [(long)config.ConvKernel[i]]), OnnxAttribute.Of("strides", [(long)config.ConvStride[i]]),
                OnnxAttribute.Of("pads", 0L, 0L), OnnxAttribute.Of("dilations", [1L]));
            if (config.LayerNormConvs)
            {
                var channelsLast = g.Node("Transpose", [x], OnnxAttribute.Of("perm", 0L, 2L, 1L));
                x = g.Node("Transpose", [layers.LayerNorm(channelsLast, prefix + ".layer_norm", TorchNormEps)], OnnxAttribute.Of("perm", 0L, 2L, 1L));
            }
            else if (i == 0)
            {
                // GroupNorm with one group per channel normalises each channel over time: InstanceNormalization.
                x = g.Node("InstanceNormalization", [x, layers.Init(prefix + ".layer_norm.weight"), layers.Init(prefix + ".layer_norm.bias")],
                    OnnxAttribute.Of("epsilon", TorchNormEps));
            }
            x = layers.Activation(x, config.FeatExtractActivation);
        }
        return g.Node("Transpose", [x], OnnxAttribute.Of("perm", 0L, 2L, 1L));
    }

    /// <summary>[batch, frames] bool, true where a frame was computed from real samples only.</summary>
    private string FrameMask(OnnxGraph g, string frames)
    {
        var sampleCount = g.Node("Gather", [g.Node("Shape", [Input]), g.Longs("samples_dim", [1], [])], OnnxAttribute.Of("axis", 0L));
        var one = g.Longs("one", [1], []);
        var positions = g.Node("Range", [one, g.Node("Add", [sampleCount, one]), one]);
        var nonZero = g.Node("Cast", [g.Node("Not", [g.Node("Equal", [Input, g.Scalar(0f)])])], OnnxAttribute.Of("to", (long)OnnxFields.Int64));
        var product = g.Node("Mul", [nonZero, positions]);
        var lengths = opset >= 18
            ? g.Node("ReduceMax", [product, g.Shape(1)], OnnxAttribute.Of("keepdims", 1L))
            : g.Node("ReduceMax", [product], OnnxAttribute.Of("axes", [1L]), OnnxAttribute.Of("keepdims", 1L));
        var zero = g.Longs("zero", [0], []);
        for (var i = 0; i < config.ConvKernel.Count; i++)
        {
            var kernel = g.Longs($"conv_kernel_{i}", [config.ConvKernel[i]], []);
            var stride = g.Longs($"conv_stride_{i}", [config.ConvStride[i]], []);
            // Integer Div truncates; the numerator is never negative where its result is kept.
            var next = g.Node("Add", [g.Node("Div", [g.Node("Sub", [lengths, kernel]), stride]), one]);
            lengths = g.Node("Where", [g.Node("Less", [lengths, kernel]), zero, next]);
        }
        lengths = g.Node("Max", [lengths, one]); // a silent clip keeps one frame, as the module does
        var frameCount = g.Node("Gather", [g.Node("Shape", [frames]), one], OnnxAttribute.Of("axis", 0L));
        var indices = g.Node("Unsqueeze", [g.Node("Range", [zero, frameCount, one]), g.Shape(0)]);
        return g.Node("Less", [indices, lengths]);
    }

    /// <summary>use_weighted_layer_sum: the softmax of layer_weights (a constant at export) times each state, summed.</summary>
    private static string WeightedSum(GraphLayers layers, IReadOnlyList<string> states)
    {
        var g = layers.Graph;
        var raw = layers.Weights.Floats("layer_weights");
        var max = raw.Max();
        var exp = raw.Select(w => Math.Exp(w - max)).ToArray();
        var total = exp.Sum();
        string? sum = null;
        for (var i = 0; i < states.Count; i++)
        {
            var term = g.Node("Mul", [states[i], g.Scalar((float)(exp[i] / total))]);
            sum = sum is null ? term : g.Node("Add", [sum, term]);
        }
        return sum!;
    }
}
