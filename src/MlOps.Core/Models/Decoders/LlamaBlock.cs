using MlOps.Core.Models.Layers;
using MlOps.Core.Models.Transformers;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Decoders;

/// <summary>
/// One Llama/Mistral/Qwen2 decoder layer, pre-norm, under the Hub's names:
/// <c>input_layernorm</c>, <c>self_attn.q_proj|k_proj|v_proj|o_proj</c>, <c>post_attention_layernorm</c>,
/// <c>mlp.gate_proj|up_proj|down_proj</c>. x + attn(norm(x)), then + mlp(norm(·)).
/// </summary>
internal sealed class LlamaBlock : nn.Module
{
    [ComponentName(Name = "input_layernorm")]
    private readonly RmsNorm inputNorm;
    [ComponentName(Name = "self_attn")]
    private readonly LlamaAttention attention;
    [ComponentName(Name = "post_attention_layernorm")]
    private readonly RmsNorm postAttentionNorm;
    private readonly LlamaMlp mlp;

    public LlamaBlock(DecoderConfig config, int index)
        : base("layer")
    {
        inputNorm = new RmsNorm(config.HiddenSize, config.NormEps);
        attention = new LlamaAttention(config, index);
        postAttentionNorm = new RmsNorm(config.HiddenSize, config.NormEps);
        mlp = new LlamaMlp(config);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, DecoderStep step)
    {
        using var scope = NewDisposeScope();
        var attended = x + attention.Forward(inputNorm.forward(x), step);
        return (attended + mlp.forward(postAttentionNorm.forward(attended))).MoveToOuterDisposeScope();
    }
}

/// <summary>Grouped-query attention with rotary positions; q/k/v biases for Qwen2 (and Llama's attention_bias).</summary>
internal sealed class LlamaAttention : CausalSelfAttention
{
    // Typed as modules, not Linear, so a LoRA adapter can take their place (Adapters/ModuleSurgery).
    [ComponentName(Name = "q_proj")]
    private readonly nn.Module<Tensor, Tensor> query;
    [ComponentName(Name = "k_proj")]
    private readonly nn.Module<Tensor, Tensor> key;
    [ComponentName(Name = "v_proj")]
    private readonly nn.Module<Tensor, Tensor> value;
    [ComponentName(Name = "o_proj")]
    private readonly nn.Module<Tensor, Tensor> output;

    public LlamaAttention(DecoderConfig config, int index)
        : base("self_attn", config, index)
    {
        query = nn.Linear(config.HiddenSize, config.Heads * config.HeadDim, hasBias: config.QkvBias);
        key = nn.Linear(config.HiddenSize, config.KeyValueHeads * config.HeadDim, hasBias: config.QkvBias);
        value = nn.Linear(config.HiddenSize, config.KeyValueHeads * config.HeadDim, hasBias: config.QkvBias);
        output = nn.Linear(config.Heads * config.HeadDim, config.HiddenSize, hasBias: config.OutputBias);
        RegisterComponents();
    }

    protected override (Tensor Query, Tensor Key, Tensor Value) Project(Tensor x, DecoderStep step) =>
        (RotaryEmbedding.Apply(SplitHeads(CpuLinear.Forward(query, x), Config.Heads), step.Cos!, step.Sin!),
         RotaryEmbedding.Apply(SplitHeads(CpuLinear.Forward(key, x), Config.KeyValueHeads), step.Cos!, step.Sin!),
         SplitHeads(CpuLinear.Forward(value, x), Config.KeyValueHeads));

    protected override Tensor Output(Tensor context) => CpuLinear.Forward(output, context);
}

/// <summary>SwiGLU: down(act(gate(x)) · up(x)), act = hidden_act (silu).</summary>
internal sealed class LlamaMlp : nn.Module<Tensor, Tensor>
{
    // Typed as modules, not Linear, so a LoRA adapter can take their place (Adapters/ModuleSurgery).
    [ComponentName(Name = "gate_proj")]
    private readonly nn.Module<Tensor, Tensor> gate;
    [ComponentName(Name = "up_proj")]
    private readonly nn.Module<Tensor, Tensor> up;
    [ComponentName(Name = "down_proj")]
    private readonly nn.Module<Tensor, Tensor> down;
    private readonly Func<Tensor, Tensor> activation;

    public LlamaMlp(DecoderConfig config)
        : base("mlp")
    {
        gate = nn.Linear(config.HiddenSize, config.IntermediateSize, hasBias: config.MlpBias);
        up = nn.Linear(config.HiddenSize, config.IntermediateSize, hasBias: config.MlpBias);
        down = nn.Linear(config.IntermediateSize, config.HiddenSize, hasBias: config.MlpBias);
        activation = config.HiddenAct == "silu" ? x => nn.functional.silu(x) : Activation.Named(config.HiddenAct);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return CpuLinear.Forward(down, activation(CpuLinear.Forward(gate, x)) * CpuLinear.Forward(up, x)).MoveToOuterDisposeScope();
    }
}
