using MlOps.Core.Models.Layers;
using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Transformers;

/// <summary>
/// One BERT/RoBERTa encoder layer, post-LayerNorm, with the Hugging Face module tree:
/// <c>attention.self.query|key|value</c>, <c>attention.output.dense|LayerNorm</c>,
/// <c>intermediate.dense</c>, <c>output.dense|LayerNorm</c>.
/// </summary>
internal sealed class BertLayer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly BertAttention attention;
    private readonly BertIntermediate intermediate;
    private readonly BertOutput output;

    public BertLayer(TransformerConfig config)
        : base("layer")
    {
        attention = new BertAttention(config);
        intermediate = new BertIntermediate(config);
        output = new BertOutput(config);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var attended = attention.forward(hidden, mask);
        return output.forward(intermediate.forward(attended), attended).MoveToOuterDisposeScope();
    }
}

internal sealed class BertAttention : nn.Module<Tensor, Tensor, Tensor>
{
    [ComponentName(Name = "self")]
    private readonly BertSelfAttention selfAttention;
    private readonly BertOutput output;

    public BertAttention(TransformerConfig config)
        : base("attention")
    {
        selfAttention = new BertSelfAttention(config);
        output = new BertOutput(config.HiddenSize, config.HiddenSize, config);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor mask)
    {
        using var context = selfAttention.forward(hidden, mask);
        return output.forward(context, hidden);
    }
}

internal sealed class BertSelfAttention : nn.Module<Tensor, Tensor, Tensor>
{
    // Typed as modules, not Linear, so a LoRA adapter can take their place (Adapters/ModuleSurgery).
    private readonly nn.Module<Tensor, Tensor> query;
    private readonly nn.Module<Tensor, Tensor> key;
    private readonly nn.Module<Tensor, Tensor> value;
    private readonly int heads;
    private readonly double dropout;

    public BertSelfAttention(TransformerConfig config)
        : base("self")
    {
        query = nn.Linear(config.HiddenSize, config.HiddenSize);
        key = nn.Linear(config.HiddenSize, config.HiddenSize);
        value = nn.Linear(config.HiddenSize, config.HiddenSize);
        heads = config.Heads;
        dropout = config.AttentionDropout;
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor mask)
    {
        using var scope = NewDisposeScope();
        return MultiHeadAttention.Compute(CpuLinear.Forward(query, hidden), CpuLinear.Forward(key, hidden), CpuLinear.Forward(value, hidden), mask, heads, dropout, training)
            .MoveToOuterDisposeScope();
    }
}

internal sealed class BertIntermediate : nn.Module<Tensor, Tensor>
{
    // Typed as modules, not Linear, so a LoRA adapter can take their place (Adapters/ModuleSurgery).
    private readonly nn.Module<Tensor, Tensor> dense;
    private readonly Func<Tensor, Tensor> activation;

    public BertIntermediate(TransformerConfig config)
        : base("intermediate")
    {
        dense = nn.Linear(config.HiddenSize, config.IntermediateSize);
        activation = Activation.Named(config.HiddenAct);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden)
    {
        using var projected = CpuLinear.Forward(dense, hidden);
        return activation(projected);
    }
}

/// <summary>dense → dropout → LayerNorm(· + residual): both <c>attention.output</c> and <c>output</c>.</summary>
internal sealed class BertOutput : nn.Module<Tensor, Tensor, Tensor>
{
    // Typed as modules, not Linear, so a LoRA adapter can take their place (Adapters/ModuleSurgery).
    private readonly nn.Module<Tensor, Tensor> dense;
    [ComponentName(Name = "LayerNorm")]
    private readonly LayerNorm layerNorm;
    private readonly Dropout dropout;

    public BertOutput(TransformerConfig config)
        : this(config.IntermediateSize, config.HiddenSize, config)
    {
    }

    public BertOutput(int inputSize, int hiddenSize, TransformerConfig config)
        : base("output")
    {
        dense = nn.Linear(inputSize, hiddenSize);
        layerNorm = nn.LayerNorm(hiddenSize, config.LayerNormEps);
        dropout = nn.Dropout(config.HiddenDropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor residual)
    {
        using var scope = NewDisposeScope();
        return layerNorm.forward(dropout.forward(CpuLinear.Forward(dense, hidden)) + residual).MoveToOuterDisposeScope();
    }
}
