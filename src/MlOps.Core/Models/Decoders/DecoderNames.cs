using static TorchSharp.torch;

namespace MlOps.Core.Models.Decoders;

/// <summary>
/// The Hub's tensor names to ours and back. Llama family: <c>model.</c> becomes <c>backbone.</c>
/// (<c>model.layers.0.self_attn.q_proj.weight</c> → <c>backbone.layers.0.self_attn.q_proj.weight</c>);
/// GPT-2: <c>transformer.</c> becomes <c>backbone.</c>; a bare base model's names (no prefix) get
/// <c>backbone.</c> too; the classifier's <c>score</c> is our <c>head</c>; <c>lm_head</c> keeps its name.
/// GPT-2's Conv1D weights ([in, out]) are transposed into Linear's [out, in].
/// </summary>
public static class DecoderNames
{
    private static readonly string[] LlamaBare = ["embed_tokens.", "layers.", "norm."];
    private static readonly string[] Gpt2Bare = ["wte.", "wpe.", "h.", "ln_f."];
    private static readonly string[] Conv1D = [".attn.c_attn.weight", ".attn.c_proj.weight", ".mlp.c_fc.weight", ".mlp.c_proj.weight"];

    public static string Prefix(DecoderKind kind) => kind == DecoderKind.Gpt2 ? "transformer." : "model.";

    public static string ToOurs(DecoderKind kind, string hubName)
    {
        var prefix = Prefix(kind);
        if (hubName.StartsWith(prefix, StringComparison.Ordinal))
        {
            return "backbone." + hubName[prefix.Length..];
        }
        if (hubName.StartsWith("score.", StringComparison.Ordinal))
        {
            return "head." + hubName["score.".Length..];
        }
        return (kind == DecoderKind.Gpt2 ? Gpt2Bare : LlamaBare).Any(b => hubName.StartsWith(b, StringComparison.Ordinal))
            ? "backbone." + hubName
            : hubName;
    }

    /// <summary>Ours back to the Hub's (prefixed) names: what saved adapters and exported folders use.</summary>
    public static string ToHub(DecoderKind kind, string ourName) =>
        ourName.StartsWith("backbone.", StringComparison.Ordinal) ? Prefix(kind) + ourName["backbone.".Length..]
        : ourName.StartsWith("head.", StringComparison.Ordinal) ? "score." + ourName["head.".Length..]
        : ourName;

    /// <summary>Hub tensors a model computes without: buffers older files saved (rotary inv_freq, GPT-2's causal-mask bias).</summary>
    public static bool IsBuffer(string ourName) =>
        ourName.EndsWith(".rotary_emb.inv_freq", StringComparison.Ordinal)
        || ourName.EndsWith(".attn.bias", StringComparison.Ordinal)
        || ourName.EndsWith(".attn.masked_bias", StringComparison.Ordinal);

    /// <summary>A GPT-2 Conv1D weight, stored [in, out] on the Hub (Hub name or ours).</summary>
    public static bool IsConv1DWeight(DecoderKind kind, string name) =>
        kind == DecoderKind.Gpt2 && Conv1D.Any(c => name.EndsWith(c, StringComparison.Ordinal));

    /// <summary>Transposes GPT-2's Conv1D weights in <paramref name="file"/> (Hub names) to Linear's layout, in place.</summary>
    public static void ToLinearLayout(DecoderKind kind, Dictionary<string, Tensor> file)
    {
        // A model MlOps saved (names already ours) holds Linear's layout already.
        foreach (var name in file.Keys.Where(n => IsConv1DWeight(kind, n) && !n.StartsWith("backbone.", StringComparison.Ordinal)).ToList())
        {
            var conv = file[name];
            file[name] = conv.t().contiguous();
            conv.Dispose();
        }
    }
}
