using MlOps.Contracts.Export;
using MlOps.Core.Export.Onnx;
using MlOps.Core.Models.Transformers;

namespace MlOps.Core.Export.Graphs;

/// <summary>
/// BERT, DistilBERT and RoBERTa sequence classifiers (TransformerClassifier): int64 token ids in, the
/// mask taken from them (id ≠ pad, as TokenIds.Mask), embeddings (RoBERTa's positions counted from
/// pad + 1 over real tokens), post-LayerNorm encoder layers with padded keys masked by the float32
/// minimum, and each architecture's classifier on the first token. Batch and sequence are dynamic:
/// padding columns change nothing, so the graph needs no trimming.
/// </summary>
internal sealed class TransformerGraph(TransformerConfig config) : FamilyGraph
{
    public const string Input = "input_ids";

    public override IReadOnlyList<OnnxTensorInfo> Emit(GraphLayers layers)
    {
        var g = layers.Graph;
        g.Input(Input, OnnxFields.Int64, Batch, Sequence);
        var real = g.Node("Not", [g.Node("Equal", [Input, g.Longs("pad_token_id", [config.PadTokenId])])]);
        // [batch, 1, 1, sequence]: true where a key is padding.
        var paddedKeys = g.Node("Unsqueeze", [g.Node("Not", [real]), g.Shape(1, 2)]);
        var hidden = config.Kind == TransformerKind.DistilBert ? DistilEmbeddings(layers) : BertEmbeddings(layers, real);
        for (var i = 0; i < config.Layers; i++)
        {
            hidden = config.Kind == TransformerKind.DistilBert
                ? DistilLayer(layers, hidden, paddedKeys, $"backbone.transformer.layer.{i}")
                : BertLayer(layers, hidden, paddedKeys, $"backbone.encoder.layer.{i}");
        }
        var first = g.Node("Gather", [hidden, g.Longs("first_token", [0])], OnnxAttribute.Of("axis", 1L));
        var features = config.Kind switch
        {
            TransformerKind.Bert => layers.Tanh(layers.Linear2d(first, "backbone.pooler.dense")),
            TransformerKind.DistilBert => layers.Relu(layers.Linear2d(first, "pre_classifier")),
            _ => layers.Tanh(layers.Linear2d(first, "pre_classifier")),
        };
        Head(layers, features);
        return [new OnnxTensorInfo(Input, OnnxDtypes.Int64, [-1, -1], [Batch, Sequence])];
    }

    private string BertEmbeddings(GraphLayers layers, string real)
    {
        var g = layers.Graph;
        const string prefix = "backbone.embeddings";
        string positions;
        if (config.Kind == TransformerKind.Roberta)
        {
            // cumsum(mask) · mask + pad: create_position_ids_from_input_ids.
            var mask = g.Node("Cast", [real], OnnxAttribute.Of("to", (long)OnnxFields.Int64));
            var counted = g.Node("Mul", [g.Node("CumSum", [mask, g.Longs("sequence_axis", [1])]), mask]);
            positions = g.Node("Add", [counted, g.Longs("position_offset", [config.PadTokenId])]);
        }
        else
        {
            positions = Arange(g);
        }
        var sum = g.Node("Add", [
            g.Node("Gather", [layers.Init(prefix + ".word_embeddings.weight"), Input]),
            g.Node("Gather", [layers.Init(prefix + ".position_embeddings.weight"), positions])]);
        // Token type 0 everywhere: its row is a constant.
        var typeRow = layers.Weights.Row(prefix + ".token_type_embeddings.weight", 0);
        sum = g.Node("Add", [sum, g.Floats("token_type_0", typeRow, typeRow.Length)]);
        return layers.LayerNorm(sum, prefix + ".LayerNorm", config.LayerNormEps);
    }

    private string DistilEmbeddings(GraphLayers layers)
    {
        var g = layers.Graph;
        const string prefix = "backbone.embeddings";
        var sum = g.Node("Add", [
            g.Node("Gather", [layers.Init(prefix + ".word_embeddings.weight"), Input]),
            g.Node("Gather", [layers.Init(prefix + ".position_embeddings.weight"), Arange(g)])]);
        return layers.LayerNorm(sum, prefix + ".LayerNorm", 1e-12);
    }

    /// <summary>0, 1, …, sequence − 1.</summary>
    private static string Arange(OnnxGraph g)
    {
        var length = g.Node("Gather", [g.Node("Shape", [Input]), g.Longs("sequence_dim", [1], [])], OnnxAttribute.Of("axis", 0L));
        return g.Node("Range", [g.Longs("range_start", [0], []), length, g.Longs("range_step", [1], [])]);
    }

    private string BertLayer(GraphLayers layers, string hidden, string paddedKeys, string prefix)
    {
        var g = layers.Graph;
        var context = Attention(layers, hidden, paddedKeys, prefix + ".attention.self.query", prefix + ".attention.self.key", prefix + ".attention.self.value");
        var attended = layers.LayerNorm(g.Node("Add", [layers.Linear3d(context, prefix + ".attention.output.dense"), hidden]),
            prefix + ".attention.output.LayerNorm", config.LayerNormEps);
        var inner = layers.Activation(layers.Linear3d(attended, prefix + ".intermediate.dense"), config.HiddenAct);
        return layers.LayerNorm(g.Node("Add", [layers.Linear3d(inner, prefix + ".output.dense"), attended]), prefix + ".output.LayerNorm", config.LayerNormEps);
    }

    private string DistilLayer(GraphLayers layers, string hidden, string paddedKeys, string prefix)
    {
        var g = layers.Graph;
        var context = Attention(layers, hidden, paddedKeys, prefix + ".attention.q_lin", prefix + ".attention.k_lin", prefix + ".attention.v_lin");
        var attended = layers.LayerNorm(g.Node("Add", [layers.Linear3d(context, prefix + ".attention.out_lin"), hidden]), prefix + ".sa_layer_norm", 1e-12);
        var inner = layers.Activation(layers.Linear3d(attended, prefix + ".ffn.lin1"), config.HiddenAct);
        return layers.LayerNorm(g.Node("Add", [layers.Linear3d(inner, prefix + ".ffn.lin2"), attended]), prefix + ".output_layer_norm", 1e-12);
    }

    /// <summary>MultiHeadAttention.Compute: heads split, scores / √d, padded keys set to float32's minimum, softmax, heads merged.</summary>
    private string Attention(GraphLayers layers, string hidden, string paddedKeys, string query, string key, string value)
    {
        var g = layers.Graph;
        var heads = (long)config.Heads;
        var headSize = (long)config.HeadSize;
        string Split(string x, params long[] perm) => g.Node("Transpose", [g.Node("Reshape", [x, g.Shape(0, 0, heads, headSize)])], OnnxAttribute.Of("perm", perm));
        var q = Split(layers.Linear3d(hidden, query), 0, 2, 1, 3);
        var k = Split(layers.Linear3d(hidden, key), 0, 2, 3, 1);
        var v = Split(layers.Linear3d(hidden, value), 0, 2, 1, 3);
        var scores = g.Node("Div", [g.Node("MatMul", [q, k]), g.Scalar((float)Math.Sqrt(headSize))]);
        scores = g.Node("Where", [paddedKeys, g.Scalar(float.MinValue), scores]);
        var weights = g.Node("Softmax", [scores], OnnxAttribute.Of("axis", -1L));
        var context = g.Node("Transpose", [g.Node("MatMul", [weights, v])], OnnxAttribute.Of("perm", 0L, 2L, 1L, 3L));
        return g.Node("Reshape", [context, g.Shape(0, 0, heads * headSize)]);
    }
}
