using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Transformers;

/// <summary>
/// The BERT/RoBERTa encoder under Hugging Face names (<c>embeddings.*</c>, <c>encoder.layer.N.*</c>,
/// <c>pooler.dense</c>): token ids and mask to hidden states. RoBERTa's classifier does not use the
/// pooler, so a RoBERTa backbone has none.
/// </summary>
internal sealed class BertModel : TransformerEncoder
{
    private readonly BertEmbeddings embeddings;
    private readonly LayerStack<BertLayer> encoder;
    private readonly BertPooler? pooler;

    public BertModel(TransformerConfig config, bool withPooler)
        : base("backbone")
    {
        embeddings = new BertEmbeddings(config);
        encoder = new LayerStack<BertLayer>("encoder", config.Layers, () => new BertLayer(config));
        pooler = withPooler ? new BertPooler(config) : null;
        RegisterComponents();
    }

    public override Parameter WordEmbeddingWeight => embeddings.WordEmbeddingWeight;

    public override Tensor forward(Tensor ids, Tensor mask)
    {
        using var scope = NewDisposeScope();
        return encoder.forward(embeddings.forward(ids, mask), mask).MoveToOuterDisposeScope();
    }

    /// <summary>tanh(dense(hidden[:, 0])): BERT's pooled [CLS] representation.</summary>
    public Tensor Pool(Tensor hidden) =>
        pooler?.forward(hidden) ?? throw new InvalidOperationException("this encoder was built without a pooler");
}

internal sealed class BertPooler : nn.Module<Tensor, Tensor>
{
    // Typed as modules, not Linear, so a LoRA adapter can take their place (Adapters/ModuleSurgery).
    private readonly nn.Module<Tensor, Tensor> dense;

    public BertPooler(TransformerConfig config)
        : base("pooler")
    {
        dense = nn.Linear(config.HiddenSize, config.HiddenSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        return dense.forward(hidden.select(1, 0)).tanh().MoveToOuterDisposeScope();
    }
}
