using MlOps.Core.Models.Layers;
using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Transformers;

/// <summary>
/// <c>attention.q_lin|k_lin|v_lin|out_lin</c> → <c>sa_layer_norm</c>(· + x) →
/// <c>ffn.lin1</c> → activation → <c>ffn.lin2</c> → dropout → <c>output_layer_norm</c>(· + ·).
/// </summary>
internal sealed class DistilBertLayer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly DistilBertAttention attention;
    private readonly LayerNorm sa_layer_norm;
    private readonly DistilBertFeedForward ffn;
    private readonly LayerNorm output_layer_norm;

    public DistilBertLayer(TransformerConfig config)
        : base("layer")
    {
        attention = new DistilBertAttention(config);
        sa_layer_norm = nn.LayerNorm(config.HiddenSize, 1e-12);
        ffn = new DistilBertFeedForward(config);
        output_layer_norm = nn.LayerNorm(config.HiddenSize, 1e-12);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var attended = sa_layer_norm.forward(attention.forward(hidden, mask) + hidden);
        return output_layer_norm.forward(ffn.forward(attended) + attended).MoveToOuterDisposeScope();
    }
}

internal sealed class DistilBertAttention : nn.Module<Tensor, Tensor, Tensor>
{
    // Typed as modules, not Linear, so a LoRA adapter can take their place (Adapters/ModuleSurgery).
    private readonly nn.Module<Tensor, Tensor> q_lin;
    private readonly nn.Module<Tensor, Tensor> k_lin;
    private readonly nn.Module<Tensor, Tensor> v_lin;
    private readonly nn.Module<Tensor, Tensor> out_lin;
    private readonly int heads;
    private readonly double dropout;

    public DistilBertAttention(TransformerConfig config)
        : base("attention")
    {
        q_lin = nn.Linear(config.HiddenSize, config.HiddenSize);
        k_lin = nn.Linear(config.HiddenSize, config.HiddenSize);
        v_lin = nn.Linear(config.HiddenSize, config.HiddenSize);
        out_lin = nn.Linear(config.HiddenSize, config.HiddenSize);
        heads = config.Heads;
        dropout = config.AttentionDropout;
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var context = MultiHeadAttention.Compute(CpuLinear.Forward(q_lin, hidden), CpuLinear.Forward(k_lin, hidden), CpuLinear.Forward(v_lin, hidden), mask, heads, dropout, training);
        return CpuLinear.Forward(out_lin, context).MoveToOuterDisposeScope();
    }
}

internal sealed class DistilBertFeedForward : nn.Module<Tensor, Tensor>
{
    // Typed as modules, not Linear, so a LoRA adapter can take their place (Adapters/ModuleSurgery).
    private readonly nn.Module<Tensor, Tensor> lin1;
    private readonly nn.Module<Tensor, Tensor> lin2;
    private readonly Dropout dropout;
    private readonly Func<Tensor, Tensor> activation;

    public DistilBertFeedForward(TransformerConfig config)
        : base("ffn")
    {
        lin1 = nn.Linear(config.HiddenSize, config.IntermediateSize);
        lin2 = nn.Linear(config.IntermediateSize, config.HiddenSize);
        dropout = nn.Dropout(config.HiddenDropout);
        activation = Activation.Named(config.HiddenAct);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        return dropout.forward(CpuLinear.Forward(lin2, activation(CpuLinear.Forward(lin1, hidden)))).MoveToOuterDisposeScope();
    }
}
