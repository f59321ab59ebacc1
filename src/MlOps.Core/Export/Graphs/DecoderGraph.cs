using MlOps.Contracts.Export;
using MlOps.Core.Export.Onnx;
using MlOps.Core.Models.Decoders;

namespace MlOps.Core.Export.Graphs;

/// <summary>
/// The decoder families (Llama, Mistral, Qwen2, GPT-2) from their config and state dict:
/// <c>input_ids</c> and <c>attention_mask</c> (int64, dynamic batch and sequence) in; the causal and
/// padding mask and the positions (real tokens counted, so left padding works) as CausalMask computes
/// them; the blocks (<see cref="DecoderLayerGraph"/>); the final norm. The classifier (DecoderClassifier)
/// scores the last token the mask keeps; the language model (DecoderForCausalLm) returns
/// <c>logits</c> [batch, sequence, vocab] and, with <paramref name="cache"/>, takes and returns the
/// key/value cache under Optimum's names.
/// </summary>
internal sealed class DecoderGraph(DecoderConfig config, int opset, bool languageModel, bool cache) : FamilyGraph
{
    public const string Ids = "input_ids";
    public const string Mask = "attention_mask";
    public const string PastSequence = "past_sequence";
    public const string TotalSequence = "total_sequence";

    public static string Past(int layer, string part) => $"past_key_values.{layer}.{part}";

    public static string Present(int layer, string part) => $"present.{layer}.{part}";

    public static readonly string[] Parts = ["key", "value"];

    public override IReadOnlyList<OnnxTensorInfo> Emit(GraphLayers layers)
    {
        var g = layers.Graph;
        var maskAxis = cache ? TotalSequence : Sequence;
        g.Input(Ids, OnnxFields.Int64, Batch, Sequence);
        g.Input(Mask, OnnxFields.Int64, Batch, maskAxis);
        List<OnnxTensorInfo> inputs = [new(Ids, OnnxDtypes.Int64, [-1, -1], [Batch, Sequence]), new(Mask, OnnxDtypes.Int64, [-1, -1], [Batch, maskAxis])];
        if (cache)
        {
            for (var i = 0; i < config.Layers; i++)
            {
                foreach (var part in Parts)
                {
                    g.Input(Past(i, part), OnnxFields.Float, Batch, (long)config.KeyValueHeads, PastSequence, (long)config.HeadDim);
                    inputs.Add(new(Past(i, part), OnnxDtypes.Float32, [-1, config.KeyValueHeads, -1, config.HeadDim], [Batch, null, PastSequence, null]));
                }
            }
        }
        var (allowed, positions) = MaskAndPositions(g, config.AttentionWindow);
        var blocks = new DecoderLayerGraph(layers, config, opset, allowed, cache);
        var hidden = config.IsGpt2 ? blocks.Gpt2(positions) : blocks.Llama(positions);
        if (languageModel)
        {
            // lm_head, or the embedding matrix when tied: hidden · Wᵀ, the transpose a node (a tied matrix is stored once).
            var weight = config.TieWordEmbeddings ? (config.IsGpt2 ? "backbone.wte.weight" : "backbone.embed_tokens.weight") : "lm_head.weight";
            g.NodeTo("MatMul", [hidden, g.Node("Transpose", [layers.Init(weight)], OnnxAttribute.Of("perm", 1L, 0L))], Logits);
        }
        else
        {
            g.NodeTo("Gemm", [LastToken(g, hidden), layers.Init("head.weight")], Logits, OnnxAttribute.Of("transB", 1L));
        }
        return inputs;
    }

    /// <summary>The language model's outputs in Optimum's order: logits [batch, sequence, vocab], then present.N.key|value.</summary>
    public void DeclareLanguageModelOutputs(OnnxGraph g)
    {
        g.Output(Logits, OnnxFields.Float, Batch, Sequence, (long)config.VocabSize);
        for (var i = 0; cache && i < config.Layers; i++)
        {
            foreach (var part in Parts)
            {
                g.Output(Present(i, part), OnnxFields.Float, Batch, (long)config.KeyValueHeads, TotalSequence, (long)config.HeadDim);
            }
        }
    }

    /// <summary>
    /// allowed [batch, 1, new, past + new] (bool: key j is real and j ≤ past + i, and with Mistral's
    /// window also j &gt; past + i − window) and the positions of the new tokens [batch, new]: real tokens
    /// before them, as CausalMask.Allowed and Positions.
    /// </summary>
    private static (string Allowed, string Positions) MaskAndPositions(OnnxGraph g, int? window)
    {
        var axisOne = g.Longs("axis_one", [1], []);
        var length = g.Node("Gather", [g.Node("Shape", [Ids]), axisOne], OnnxAttribute.Of("axis", 0L));
        var total = g.Node("Gather", [g.Node("Shape", [Mask]), axisOne], OnnxAttribute.Of("axis", 0L));
        var past = g.Node("Sub", [total, length]);
        var zero = g.Longs("zero", [0], []);
        var one = g.Longs("one", [1], []);
        var keys = g.Node("Range", [zero, total, one]);
        var queries = g.Node("Range", [past, total, one]);
        var (keyColumn, queryRow) = (g.Node("Unsqueeze", [keys, g.Shape(0)]), g.Node("Unsqueeze", [queries, g.Shape(1)]));
        var causal = g.Node("LessOrEqual", [keyColumn, queryRow]);
        if (window is { } w)
        {
            var inWindow = g.Node("Greater", [keyColumn, g.Node("Sub", [queryRow, g.Longs("sliding_window", [w], [])])]);
            causal = g.Node("And", [causal, inWindow]);
        }
        var real = g.Node("Cast", [Mask], OnnxAttribute.Of("to", (long)OnnxFields.Bool));
        var allowed = g.Node("And", [g.Node("Unsqueeze", [causal, g.Shape(0, 1)]), g.Node("Unsqueeze", [real, g.Shape(1, 2)])]);
        var counted = g.Node("Max", [g.Node("Sub", [g.Node("CumSum", [Mask, axisOne]), one]), zero]);
        var positions = g.Node("Slice", [counted, g.Node("Unsqueeze", [past, g.Shape(0)]), g.Node("Unsqueeze", [total, g.Shape(0)]), g.Shape(1)]);
        return (allowed, positions);
    }

    /// <summary>The hidden state [batch, hidden] of each row's last position the mask keeps (DecoderClassifier: argmax of mask · position).</summary>
    private static string LastToken(OnnxGraph g, string hidden)
    {
        var length = g.Node("Gather", [g.Node("Shape", [Ids]), g.Longs("sequence_axis", [1], [])], OnnxAttribute.Of("axis", 0L));
        var positions = g.Node("Unsqueeze", [g.Node("Range", [g.Longs("range_zero", [0], []), length, g.Longs("range_one", [1], [])]), g.Shape(0)]);
        var scored = g.Node("Cast", [g.Node("Mul", [Mask, positions])], OnnxAttribute.Of("to", (long)OnnxFields.Float));
        var last = g.Node("ArgMax", [scored], OnnxAttribute.Of("axis", 1L), OnnxAttribute.Of("keepdims", 1L));
        var pick = g.Node("Cast", [g.Node("Equal", [positions, last])], OnnxAttribute.Of("to", (long)OnnxFields.Float));
        return g.Node("ReduceSum", [g.Node("Mul", [hidden, g.Node("Unsqueeze", [pick, g.Shape(2)])]), g.Shape(1)], OnnxAttribute.Of("keepdims", 0L));
    }
}
