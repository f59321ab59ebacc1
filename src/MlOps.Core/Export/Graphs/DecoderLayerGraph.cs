using MlOps.Core.Export.Onnx;
using MlOps.Core.Models.Decoders;

namespace MlOps.Core.Export.Graphs;

/// <summary>
/// The decoder blocks as ONNX nodes, by state-dict name, computing what LlamaBlock and Gpt2Block
/// compute in eval mode: RMSNorm, rotary positions (scaled frequencies from the config), grouped-query
/// attention (query heads grouped over their shared key/value head by broadcasting, the same pairing
/// as repeat_interleave), SwiGLU; GPT-2's LayerNorm, fused q/k/v (Linear layout, as loaded) and
/// tanh-GELU MLP. With a cache, each layer's keys and values are appended to the past ones and
/// returned as <c>present.N.key|value</c>.
/// </summary>
internal sealed class DecoderLayerGraph(GraphLayers layers, DecoderConfig config, int opset, string allowed, bool cache)
{
    private OnnxGraph G => layers.Graph;

    /// <summary>Llama, Mistral, Qwen2: embed_tokens, layers.N, norm; hidden states [batch, new, hidden].</summary>
    public string Llama(string positions)
    {
        var x = G.Node("Gather", [layers.Init("backbone.embed_tokens.weight"), DecoderGraph.Ids]);
        var frequencies = new RotaryEmbedding(config).InverseFrequencies.ToArray();
        var angles = G.Node("Mul", [
            G.Node("Unsqueeze", [G.Node("Cast", [positions], OnnxAttribute.Of("to", (long)OnnxFields.Float)), G.Shape(-1)]),
            G.Floats("rotary_inverse_frequencies", frequencies, frequencies.Length)]);
        var both = G.Node("Unsqueeze", [G.Node("Concat", [angles, angles], OnnxAttribute.Of("axis", -1L)), G.Shape(1)]);
        var (cos, sin) = (G.Node("Cos", [both]), G.Node("Sin", [both]));
        for (var i = 0; i < config.Layers; i++)
        {
            var prefix = $"backbone.layers.{i}";
            var normed = RmsNorm(x, prefix + ".input_layernorm");
            var attention = prefix + ".self_attn";
            var q = Rotate(SplitHeads(layers.Linear3d(normed, attention + ".q_proj"), config.Heads), cos, sin);
            var k = Rotate(SplitHeads(layers.Linear3d(normed, attention + ".k_proj"), config.KeyValueHeads), cos, sin);
            var v = SplitHeads(layers.Linear3d(normed, attention + ".v_proj"), config.KeyValueHeads);
            var context = Attention(q, Cached(k, i, "key"), Cached(v, i, "value"));
            x = G.Node("Add", [x, layers.Linear3d(context, attention + ".o_proj")]);
            normed = RmsNorm(x, prefix + ".post_attention_layernorm");
            var mlp = prefix + ".mlp";
            var gated = G.Node("Mul", [layers.Activation(layers.Linear3d(normed, mlp + ".gate_proj"), config.HiddenAct), layers.Linear3d(normed, mlp + ".up_proj")]);
            x = G.Node("Add", [x, layers.Linear3d(gated, mlp + ".down_proj")]);
        }
        return RmsNorm(x, "backbone.norm");
    }

    /// <summary>GPT-2: wte + wpe, h.N, ln_f; hidden states [batch, new, hidden].</summary>
    public string Gpt2(string positions)
    {
        var x = G.Node("Add", [
            G.Node("Gather", [layers.Init("backbone.wte.weight"), DecoderGraph.Ids]),
            G.Node("Gather", [layers.Init("backbone.wpe.weight"), positions])]);
        long hidden = config.HiddenSize;
        for (var i = 0; i < config.Layers; i++)
        {
            var prefix = $"backbone.h.{i}";
            var qkv = layers.Linear3d(layers.LayerNorm(x, prefix + ".ln_1", config.NormEps), prefix + ".attn.c_attn");
            string Part(long index) => G.Node("Slice", [qkv, G.Shape(index * hidden), G.Shape((index + 1) * hidden), G.Shape(-1)]);
            var q = SplitHeads(Part(0), config.Heads);
            var k = SplitHeads(Part(1), config.Heads);
            var v = SplitHeads(Part(2), config.Heads);
            var context = Attention(q, Cached(k, i, "key"), Cached(v, i, "value"));
            x = G.Node("Add", [x, layers.Linear3d(context, prefix + ".attn.c_proj")]);
            var normed = layers.LayerNorm(x, prefix + ".ln_2", config.NormEps);
            x = G.Node("Add", [x, layers.Linear3d(layers.Activation(layers.Linear3d(normed, prefix + ".mlp.c_fc"), config.HiddenAct), prefix + ".mlp.c_proj")]);
        }
        return layers.LayerNorm(x, "backbone.ln_f", config.NormEps);
    }

    /// <summary>x · rsqrt(mean(x²) + eps) · weight, over the last axis (RmsNorm).</summary>
    private string RmsNorm(string x, string prefix)
    {
        var squares = G.Node("Mul", [x, x]);
        var mean = opset >= 18
            ? G.Node("ReduceMean", [squares, G.Shape(-1)], OnnxAttribute.Of("keepdims", 1L))
            : G.Node("ReduceMean", [squares], OnnxAttribute.Of("axes", [-1L]), OnnxAttribute.Of("keepdims", 1L));
        var scale = G.Node("Reciprocal", [G.Node("Sqrt", [G.Node("Add", [mean, G.Scalar((float)config.NormEps)])])]);
        return G.Node("Mul", [layers.Init(prefix + ".weight"), G.Node("Mul", [x, scale])]);
    }

    /// <summary>[batch, length, heads · head_dim] to [batch, heads, length, head_dim].</summary>
    private string SplitHeads(string x, long heads) =>
        G.Node("Transpose", [G.Node("Reshape", [x, G.Shape(0, 0, heads, config.HeadDim)])], OnnxAttribute.Of("perm", 0L, 2L, 1L, 3L));

    /// <summary>x·cos + rotate_half(x)·sin with rotate_half(x) = [−x₂, x₁] over head_dim.</summary>
    private string Rotate(string x, string cos, string sin)
    {
        long half = config.HeadDim / 2;
        var first = G.Node("Slice", [x, G.Shape(0), G.Shape(half), G.Shape(-1)]);
        var second = G.Node("Slice", [x, G.Shape(half), G.Shape(2 * half), G.Shape(-1)]);
        var rotated = G.Node("Concat", [G.Node("Neg", [second]), first], OnnxAttribute.Of("axis", -1L));
        return G.Node("Add", [G.Node("Mul", [x, cos]), G.Node("Mul", [rotated, sin])]);
    }

    /// <summary>With a cache: past ++ new along the sequence axis, which is also the graph output present.N.part.</summary>
    private string Cached(string x, int layer, string part)
    {
        if (!cache)
        {
            return x;
        }
        var present = DecoderGraph.Present(layer, part);
        G.NodeTo("Concat", [DecoderGraph.Past(layer, part), x], present, OnnxAttribute.Of("axis", 2L));
        return present;
    }

    /// <summary>
    /// Scaled dot-product attention with disallowed keys at float32's minimum (DecoderAttention.Compute).
    /// Grouped heads: queries [batch, kv, group, new, d] against keys [batch, kv, 1, total, d].
    /// </summary>
    private string Attention(string q, string k, string v)
    {
        var groups = (long)(config.Heads / config.KeyValueHeads);
        var mask = allowed;
        if (groups > 1)
        {
            q = G.Node("Reshape", [q, G.Shape(0, config.KeyValueHeads, groups, -1, config.HeadDim)]);
            k = G.Node("Unsqueeze", [k, G.Shape(2)]);
            v = G.Node("Unsqueeze", [v, G.Shape(2)]);
            mask = G.Node("Unsqueeze", [allowed, G.Shape(1)]);
        }
        long[] swapLast = groups > 1 ? [0, 1, 2, 4, 3] : [0, 1, 3, 2];
        var scores = G.Node("Div", [G.Node("MatMul", [q, G.Node("Transpose", [k], OnnxAttribute.Of("perm", swapLast))]), G.Scalar((float)Math.Sqrt(config.HeadDim))]);
        scores = G.Node("Where", [mask, scores, G.Scalar(float.MinValue)]);
        var context = G.Node("MatMul", [G.Node("Softmax", [scores], OnnxAttribute.Of("axis", -1L)), v]);
        if (groups > 1)
        {
            context = G.Node("Reshape", [context, G.Shape(0, config.Heads, -1, config.HeadDim)]);
        }
        var merged = G.Node("Transpose", [context], OnnxAttribute.Of("perm", 0L, 2L, 1L, 3L));
        return G.Node("Reshape", [merged, G.Shape(0, 0, (long)config.Heads * config.HeadDim)]);
    }
}
