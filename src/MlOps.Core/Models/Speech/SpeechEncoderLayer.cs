using MlOps.Core.Models.Layers;
using MlOps.Core.Models.Transformers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Speech;

/// <summary>
/// One encoder layer with the Hub's module tree (<c>attention.q_proj|k_proj|v_proj|out_proj</c>,
/// <c>layer_norm</c>, <c>feed_forward.intermediate_dense|output_dense</c>, <c>final_layer_norm</c>).
/// Base: post-LN, x = LN(x + attn(x)); x = LN(x + ff(x)). Stable layer norm (large): pre-LN,
/// x = x + attn(LN(x)); x = x + ff(LN(x)).
/// </summary>
internal sealed class SpeechEncoderLayer : nn.Module<Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300, CA1707 // field names are the Hub's module names
    private readonly SpeechAttention attention;
    private readonly Dropout dropout;
    private readonly LayerNorm layer_norm;
    private readonly SpeechFeedForward feed_forward;
    private readonly LayerNorm final_layer_norm;
#pragma warning restore IDE1006, SA1300, CA1707
    private readonly bool preNorm;

    public SpeechEncoderLayer(SpeechConfig config)
        : base("layer")
    {
        attention = new SpeechAttention(config);
        dropout = nn.Dropout(config.HiddenDropout);
        layer_norm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        feed_forward = new SpeechFeedForward(config);
        final_layer_norm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        preNorm = config.StableLayerNorm;
        RegisterComponents();
    }

    /// <param name="keyMask">[batch, frames], true where a frame is real.</param>
    public override Tensor forward(Tensor hidden, Tensor keyMask)
    {
        using var scope = NewDisposeScope();
        Tensor x;
        if (preNorm)
        {
            x = hidden + dropout.forward(attention.forward(layer_norm.forward(hidden), keyMask));
            x = x + feed_forward.forward(final_layer_norm.forward(x));
        }
        else
        {
            x = layer_norm.forward(hidden + dropout.forward(attention.forward(hidden, keyMask)));
            x = final_layer_norm.forward(x + feed_forward.forward(x));
        }
        return x.MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Bidirectional multi-head self-attention as transformers' Wav2Vec2Attention computes it: the query
/// scaled by head_dim^-½ before the product, padded keys at the dtype's lowest value, softmax, dropout.
/// </summary>
internal sealed class SpeechAttention : nn.Module<Tensor, Tensor, Tensor>
{
    // Typed as modules, not Linear, so a LoRA adapter can take their place (Adapters/ModuleSurgery).
#pragma warning disable IDE1006, SA1300, CA1707 // field names are the Hub's module names
    private readonly nn.Module<Tensor, Tensor> q_proj;
    private readonly nn.Module<Tensor, Tensor> k_proj;
    private readonly nn.Module<Tensor, Tensor> v_proj;
    private readonly nn.Module<Tensor, Tensor> out_proj;
#pragma warning restore IDE1006, SA1300, CA1707
    private readonly int heads;
    private readonly double dropout;

    public SpeechAttention(SpeechConfig config)
        : base("attention")
    {
        q_proj = nn.Linear(config.HiddenSize, config.HiddenSize);
        k_proj = nn.Linear(config.HiddenSize, config.HiddenSize);
        v_proj = nn.Linear(config.HiddenSize, config.HiddenSize);
        out_proj = nn.Linear(config.HiddenSize, config.HiddenSize);
        heads = config.Heads;
        dropout = config.AttentionDropout;
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor keyMask)
    {
        using var scope = NewDisposeScope();
        var (batch, length, size) = (hidden.shape[0], hidden.shape[1], hidden.shape[2]);
        var headSize = size / heads;
        Tensor Split(Tensor t) => t.view(batch, length, heads, headSize).transpose(1, 2);
        var query = Split(CpuLinear.Forward(q_proj, hidden) * Math.Pow(headSize, -0.5));
        var scores = matmul(query, Split(CpuLinear.Forward(k_proj, hidden)).transpose(-1, -2));
        scores = scores.masked_fill(keyMask.logical_not().view(batch, 1, 1, length), finfo(scores.dtype).min);
        var weights = nn.functional.dropout(nn.functional.softmax(scores, -1), dropout, training);
        var context = matmul(weights, Split(CpuLinear.Forward(v_proj, hidden))).transpose(1, 2).reshape(batch, length, size);
        return CpuLinear.Forward(out_proj, context).MoveToOuterDisposeScope();
    }
}

/// <summary>The Hub's <c>feed_forward</c>: intermediate_dense → activation → dropout → output_dense → dropout.</summary>
internal sealed class SpeechFeedForward : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300, CA1707 // field names are the Hub's module names
    private readonly nn.Module<Tensor, Tensor> intermediate_dense;
    private readonly nn.Module<Tensor, Tensor> output_dense;
    private readonly Dropout intermediate_dropout;
    private readonly Dropout output_dropout;
#pragma warning restore IDE1006, SA1300, CA1707
    private readonly Func<Tensor, Tensor> activation;

    public SpeechFeedForward(SpeechConfig config)
        : base("feed_forward")
    {
        intermediate_dense = nn.Linear(config.HiddenSize, config.IntermediateSize);
        output_dense = nn.Linear(config.IntermediateSize, config.HiddenSize);
        intermediate_dropout = nn.Dropout(config.ActivationDropout);
        output_dropout = nn.Dropout(config.HiddenDropout);
        activation = Activation.Named(config.HiddenAct);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var x = intermediate_dropout.forward(activation(CpuLinear.Forward(intermediate_dense, hidden)));
        return output_dropout.forward(CpuLinear.Forward(output_dense, x)).MoveToOuterDisposeScope();
    }
}
