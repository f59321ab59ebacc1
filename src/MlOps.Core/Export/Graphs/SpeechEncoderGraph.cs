using MlOps.Core.Export.Onnx;
using MlOps.Core.Models.Speech;

namespace MlOps.Core.Export.Graphs;

/// <summary>
/// SpeechEncoder as nodes: padded frames zeroed, the positional conv embedding added (a grouped Conv
/// whose weight-norm weight g · v / ‖v‖ is computed here, at export), then base (LayerNorm, post-LN
/// layers) or stable layer norm (pre-LN layers, LayerNorm last). Attention as Wav2Vec2Attention: the
/// query scaled by head_dim^-½, padded keys at float32's minimum.
/// </summary>
internal sealed class SpeechEncoderGraph(GraphLayers layers, SpeechConfig config)
{
    private const string Prefix = "backbone.encoder";
    private OnnxGraph G => layers.Graph;

    /// <summary>The input to every layer and the encoder's output (layers + 1 values), as SpeechEncoder.HiddenStates.</summary>
    /// <param name="padded">[batch, frames, 1], true where a frame is padding.</param>
    /// <param name="mask">[batch, frames], true where a frame is real.</param>
    public IReadOnlyList<string> States(string hidden, string padded, string mask)
    {
        var x = G.Node("Where", [padded, G.Scalar(0f), hidden]);
        x = G.Node("Add", [x, PositionalConv(x)]);
        if (!config.StableLayerNorm)
        {
            x = layers.LayerNorm(x, Prefix + ".layer_norm", config.LayerNormEps);
        }
        // [batch, 1, 1, frames]: true where a key is padding.
        var paddedKeys = G.Node("Unsqueeze", [G.Node("Not", [mask]), G.Shape(1, 2)]);
        var states = new List<string>();
        for (var i = 0; i < config.Layers; i++)
        {
            states.Add(x);
            x = Layer(x, paddedKeys, $"{Prefix}.layers.{i}");
        }
        states.Add(config.StableLayerNorm ? layers.LayerNorm(x, Prefix + ".layer_norm", config.LayerNormEps) : x);
        return states;
    }

    private string PositionalConv(string hidden)
    {
        const string conv = Prefix + ".pos_conv_embed.conv";
        var kernel = (long)config.PositionalKernel;
        var weight = G.Floats(conv + ".weight", WeightNormed(layers.Weights.Floats(conv + ".weight_g"), layers.Weights.Floats(conv + ".weight_v"), layers.Weights.Dims(conv + ".weight_v")),
            layers.Weights.Dims(conv + ".weight_v"));
        var channelsFirst = G.Node("Transpose", [hidden], OnnxAttribute.Of("perm", 0L, 2L, 1L));
        var x = G.Node("Conv", [channelsFirst, weight, layers.Init(conv + ".bias")],
            OnnxAttribute.Of("kernel_shape", [kernel]), OnnxAttribute.Of("strides", [1L]), OnnxAttribute.Of("pads", kernel / 2, kernel / 2),
            OnnxAttribute.Of("dilations", [1L]), OnnxAttribute.Of("group", (long)config.PositionalGroups));
        if (kernel % 2 == 0)
        {
            // "same" padding of an even kernel makes one frame too many: the module drops the last.
            x = G.Node("Slice", [x, G.Shape(0), G.Shape(-1), G.Shape(2)]);
        }
        return G.Node("Transpose", [layers.Activation(x, config.FeatExtractActivation)], OnnxAttribute.Of("perm", 0L, 2L, 1L));
    }

    /// <summary>w = g · v / ‖v‖, the norm per kernel position over output and input channels (weight_norm, dim 2), in double.</summary>
    private static float[] WeightNormed(float[] g, float[] v, long[] dims)
    {
        var kernel = (int)dims[2];
        var norms = new double[kernel];
        for (var i = 0; i < v.Length; i++)
        {
            norms[i % kernel] += (double)v[i] * v[i];
        }
        var weight = new float[v.Length];
        for (var i = 0; i < v.Length; i++)
        {
            weight[i] = (float)(v[i] * (g[i % kernel] / Math.Sqrt(norms[i % kernel])));
        }
        return weight;
    }

    private string Layer(string hidden, string paddedKeys, string prefix)
    {
        if (config.StableLayerNorm)
        {
            var attended = G.Node("Add", [hidden, Attention(layers.LayerNorm(hidden, prefix + ".layer_norm", config.LayerNormEps), paddedKeys, prefix + ".attention")]);
            return G.Node("Add", [attended, FeedForward(layers.LayerNorm(attended, prefix + ".final_layer_norm", config.LayerNormEps), prefix + ".feed_forward")]);
        }
        var x = layers.LayerNorm(G.Node("Add", [hidden, Attention(hidden, paddedKeys, prefix + ".attention")]), prefix + ".layer_norm", config.LayerNormEps);
        return layers.LayerNorm(G.Node("Add", [x, FeedForward(x, prefix + ".feed_forward")]), prefix + ".final_layer_norm", config.LayerNormEps);
    }

    private string FeedForward(string x, string prefix) =>
        layers.Linear3d(layers.Activation(layers.Linear3d(x, prefix + ".intermediate_dense"), config.HiddenAct), prefix + ".output_dense");

    private string Attention(string hidden, string paddedKeys, string prefix)
    {
        var heads = (long)config.Heads;
        var headSize = (long)(config.HiddenSize / config.Heads);
        string Split(string x, params long[] perm) => G.Node("Transpose", [G.Node("Reshape", [x, G.Shape(0, 0, heads, headSize)])], OnnxAttribute.Of("perm", perm));
        var q = Split(G.Node("Mul", [layers.Linear3d(hidden, prefix + ".q_proj"), G.Scalar((float)Math.Pow(headSize, -0.5))]), 0, 2, 1, 3);
        var k = Split(layers.Linear3d(hidden, prefix + ".k_proj"), 0, 2, 3, 1);
        var v = Split(layers.Linear3d(hidden, prefix + ".v_proj"), 0, 2, 1, 3);
        var scores = G.Node("Where", [paddedKeys, G.Scalar(float.MinValue), G.Node("MatMul", [q, k])]);
        var weights = G.Node("Softmax", [scores], OnnxAttribute.Of("axis", -1L));
        var context = G.Node("Transpose", [G.Node("MatMul", [weights, v])], OnnxAttribute.Of("perm", 0L, 2L, 1L, 3L));
        return layers.Linear3d(G.Node("Reshape", [context, G.Shape(0, 0, heads * headSize)]), prefix + ".out_proj");
    }
}
