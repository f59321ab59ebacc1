using MlOps.Core.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Transformers;

/// <summary>
/// dense → activation → LayerNorm → decoder tied to the word embeddings (+ its own bias): the
/// masked-language-model head of all three architectures. Only the module tree, and so the
/// names, differ; see <see cref="TransformerForMaskedLm"/>.
/// </summary>
internal sealed class MlmTransform : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;
    [ComponentName(Name = "LayerNorm")]
    private readonly LayerNorm layerNorm;
    private readonly Func<Tensor, Tensor> activation;

    public MlmTransform(string name, TransformerConfig config, string activationName)
        : base(name)
    {
        dense = nn.Linear(config.HiddenSize, config.HiddenSize);
        layerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        activation = Activation.Named(activationName);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        return layerNorm.forward(activation(CpuLinear.Forward(dense, hidden))).MoveToOuterDisposeScope();
    }
}

/// <summary>BERT: <c>cls.predictions.transform.dense|LayerNorm</c>, <c>cls.predictions.bias</c>.</summary>
internal sealed class BertMlmHead : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly BertPredictionHead predictions;

    public BertMlmHead(TransformerConfig config)
        : base("cls")
    {
        predictions = new BertPredictionHead(config);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor wordEmbeddings) => predictions.forward(hidden, wordEmbeddings);
}

internal sealed class BertPredictionHead : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly MlmTransform transform;
    private readonly Parameter bias;

    public BertPredictionHead(TransformerConfig config)
        : base("predictions")
    {
        transform = new MlmTransform("transform", config, config.HiddenAct);
        bias = nn.Parameter(zeros(config.VocabSize));
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor wordEmbeddings)
    {
        using var transformed = transform.forward(hidden);
        return CpuLinear.Apply(transformed, wordEmbeddings, bias);
    }
}

/// <summary>RoBERTa: <c>lm_head.dense</c>, <c>lm_head.layer_norm</c>, <c>lm_head.bias</c> (gelu always, as HF).</summary>
internal sealed class RobertaLmHead : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear dense;
    private readonly LayerNorm layer_norm;
    private readonly Parameter bias;

    public RobertaLmHead(TransformerConfig config)
        : base("lm_head")
    {
        dense = nn.Linear(config.HiddenSize, config.HiddenSize);
        layer_norm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        bias = nn.Parameter(zeros(config.VocabSize));
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor wordEmbeddings)
    {
        using var scope = NewDisposeScope();
        var transformed = layer_norm.forward(nn.functional.gelu(CpuLinear.Forward(dense, hidden)));
        return CpuLinear.Apply(transformed, wordEmbeddings, bias).MoveToOuterDisposeScope();
    }
}

/// <summary>DistilBERT's <c>vocab_projector</c>: its weight is the word embeddings, only the bias is its own.</summary>
internal sealed class TiedProjection : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Parameter bias;

    public TiedProjection(int vocabSize)
        : base("vocab_projector")
    {
        bias = nn.Parameter(zeros(vocabSize));
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor wordEmbeddings) => CpuLinear.Apply(hidden, wordEmbeddings, bias);
}
