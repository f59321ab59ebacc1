using MlOps.Core.Export.Onnx;

namespace MlOps.Core.Export.Graphs;

/// <summary>
/// The layers the families share, as ONNX nodes computing what the TorchSharp module computes in eval
/// mode (dropout is the identity there, so it has no node).
/// </summary>
internal sealed class GraphLayers(OnnxGraph graph, ModelWeights weights)
{
    public OnnxGraph Graph => graph;
    public ModelWeights Weights => weights;

    /// <summary>nn.Linear on [batch, in]: Gemm with the weight as stored ([out, in], transB).</summary>
    public string Linear2d(string x, string prefix) =>
        graph.Node("Gemm", [x, Init(prefix + ".weight"), Init(prefix + ".bias")], OnnxAttribute.Of("transB", 1L));

    /// <summary>nn.Linear on [batch, sequence, in]: MatMul with the transposed weight, then the bias (when the layer has one).</summary>
    public string Linear3d(string x, string prefix)
    {
        var name = prefix + ".weight";
        var dims = weights.Dims(name);
        var w = graph.Floats(name + "_t", weights.Transposed(name), dims[1], dims[0]);
        var product = graph.Node("MatMul", [x, w]);
        return weights.Has(prefix + ".bias") ? graph.Node("Add", [product, Init(prefix + ".bias")]) : product;
    }

    /// <summary>nn.LayerNorm over the last axis (LayerNormalization, opset 17).</summary>
    public string LayerNorm(string x, string prefix, double epsilon) =>
        graph.Node("LayerNormalization", [x, Init(prefix + ".weight"), Init(prefix + ".bias")],
            OnnxAttribute.Of("axis", -1L), OnnxAttribute.Of("epsilon", (float)epsilon));

    /// <summary>nn.Conv2d (square kernel from the weight, the given stride and padding; bias when the module has one).</summary>
    public string Conv(string x, string prefix, long stride, long padding)
    {
        var weight = prefix + ".weight";
        var kernel = weights.Dims(weight)[2];
        string[] inputs = weights.Has(prefix + ".bias") ? [x, Init(weight), Init(prefix + ".bias")] : [x, Init(weight)];
        return graph.Node("Conv", inputs,
            OnnxAttribute.Of("kernel_shape", kernel, kernel), OnnxAttribute.Of("strides", stride, stride),
            OnnxAttribute.Of("pads", padding, padding, padding, padding), OnnxAttribute.Of("dilations", 1L, 1L));
    }

    /// <summary>nn.BatchNorm2d in eval mode: the running statistics (TorchSharp's default ε 1e-5).</summary>
    public string BatchNorm(string x, string prefix) =>
        graph.Node("BatchNormalization", [x, Init(prefix + ".weight"), Init(prefix + ".bias"), Init(prefix + ".running_mean"), Init(prefix + ".running_var")],
            OnnxAttribute.Of("epsilon", 1e-5f));

    public string MaxPool(string x, long kernel, long stride, long padding) =>
        graph.Node("MaxPool", [x], OnnxAttribute.Of("kernel_shape", kernel, kernel), OnnxAttribute.Of("strides", stride, stride),
            OnnxAttribute.Of("pads", padding, padding, padding, padding));

    public string Relu(string x) => graph.Node("Relu", [x]);

    public string Tanh(string x) => graph.Node("Tanh", [x]);

    /// <summary>The Hugging Face activations <see cref="Models.Transformers"/> supports, by config name.</summary>
    public string Activation(string x, string name) => name.ToLowerInvariant() switch
    {
        "gelu" => ErfGelu(x),
        "gelu_new" or "gelu_pytorch_tanh" or "gelu_fast" => TanhGelu(x),
        "relu" => Relu(x),
        "silu" or "swish" => graph.Node("Mul", [x, graph.Node("Sigmoid", [x])]),
        _ => throw new ArgumentException($"hidden activation '{name}' has no ONNX form here"),
    };

    /// <summary>The initializer of a weight under its state-dict name (added once).</summary>
    public string Init(string name)
    {
        if (!initialized.Add(name))
        {
            return name;
        }
        return graph.Floats(name, weights.Floats(name), weights.Dims(name));
    }

    private readonly HashSet<string> initialized = new(StringComparer.Ordinal);

    /// <summary>x · 0.5 · (1 + erf(x / √2)), as torch's gelu (Gelu is an operator only from opset 20).</summary>
    private string ErfGelu(string x)
    {
        var erf = graph.Node("Erf", [graph.Node("Mul", [x, graph.Scalar((float)(1 / Math.Sqrt(2)))])]);
        var half = graph.Node("Mul", [x, graph.Scalar(0.5f)]);
        return graph.Node("Mul", [half, graph.Node("Add", [erf, graph.Scalar(1f)])]);
    }

    /// <summary>x · 0.5 · (1 + tanh(√(2/π) · (x + 0.044715 x³))), as Models.Transformers.Activation computes it.</summary>
    private string TanhGelu(string x)
    {
        var cube = graph.Node("Mul", [graph.Node("Mul", [x, x]), x]);
        var inner = graph.Node("Mul", [graph.Node("Add", [x, graph.Node("Mul", [cube, graph.Scalar(0.044715f)])]), graph.Scalar((float)Math.Sqrt(2.0 / Math.PI))]);
        var half = graph.Node("Mul", [x, graph.Scalar(0.5f)]);
        return graph.Node("Mul", [half, graph.Node("Add", [graph.Node("Tanh", [inner]), graph.Scalar(1f)])]);
    }
}
