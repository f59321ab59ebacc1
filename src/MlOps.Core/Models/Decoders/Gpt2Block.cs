using MlOps.Core.Models.Layers;
using MlOps.Core.Models.Transformers;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Decoders;

/// <summary>
/// One GPT-2 block, pre-norm, under the Hub's names: <c>ln_1</c>, <c>attn.c_attn|c_proj</c>,
/// <c>ln_2</c>, <c>mlp.c_fc|c_proj</c>. The Hub stores these as Conv1D ([in, out]); they are Linear
/// here ([out, in]), transposed on load (<see cref="DecoderNames"/>), so LoRA wraps them as any Linear.
/// </summary>
internal sealed class Gpt2Block : nn.Module
{
    [ComponentName(Name = "ln_1")]
    private readonly LayerNorm norm1;
    private readonly Gpt2Attention attn;
    [ComponentName(Name = "ln_2")]
    private readonly LayerNorm norm2;
    private readonly Gpt2Mlp mlp;

    public Gpt2Block(DecoderConfig config, int index)
        : base("block")
    {
        norm1 = nn.LayerNorm(config.HiddenSize, config.NormEps);
        attn = new Gpt2Attention(config, index);
        norm2 = nn.LayerNorm(config.HiddenSize, config.NormEps);
        mlp = new Gpt2Mlp(config);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, DecoderStep step)
    {
        using var scope = NewDisposeScope();
        var attended = x + attn.Forward(norm1.forward(x), step);
        return (attended + mlp.forward(norm2.forward(attended))).MoveToOuterDisposeScope();
    }
}

/// <summary>Multi-head attention from one fused projection (c_attn: queries, keys, values side by side), then c_proj and residual dropout.</summary>
internal sealed class Gpt2Attention : CausalSelfAttention
{
    // Typed as modules, not Linear, so a LoRA adapter can take their place (Adapters/ModuleSurgery).
    [ComponentName(Name = "c_attn")]
    private readonly nn.Module<Tensor, Tensor> queryKeyValue;
    [ComponentName(Name = "c_proj")]
    private readonly nn.Module<Tensor, Tensor> projection;

    public Gpt2Attention(DecoderConfig config, int index)
        : base("attn", config, index)
    {
        queryKeyValue = nn.Linear(config.HiddenSize, 3 * config.HiddenSize);
        projection = nn.Linear(config.HiddenSize, config.HiddenSize);
        RegisterComponents();
    }

    protected override (Tensor Query, Tensor Key, Tensor Value) Project(Tensor x, DecoderStep step)
    {
        var parts = CpuLinear.Forward(queryKeyValue, x).split(Config.HiddenSize, 2);
        return (SplitHeads(parts[0], Config.Heads), SplitHeads(parts[1], Config.Heads), SplitHeads(parts[2], Config.Heads));
    }

    protected override Tensor Output(Tensor context) =>
        nn.functional.dropout(CpuLinear.Forward(projection, context), Config.ResidualDropout, training);
}

/// <summary>c_proj(act(c_fc(x))), act = activation_function (gelu_new), then residual dropout.</summary>
internal sealed class Gpt2Mlp : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "c_fc")]
    private readonly nn.Module<Tensor, Tensor> expand;
    [ComponentName(Name = "c_proj")]
    private readonly nn.Module<Tensor, Tensor> projection;
    private readonly Func<Tensor, Tensor> activation;
    private readonly double dropout;

    public Gpt2Mlp(DecoderConfig config)
        : base("mlp")
    {
        expand = nn.Linear(config.HiddenSize, config.IntermediateSize);
        projection = nn.Linear(config.IntermediateSize, config.HiddenSize);
        activation = Activation.Named(config.HiddenAct);
        dropout = config.ResidualDropout;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return nn.functional.dropout(CpuLinear.Forward(projection, activation(CpuLinear.Forward(expand, x))), dropout, training).MoveToOuterDisposeScope();
    }
}
