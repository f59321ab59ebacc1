using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Transformers;

/// <summary>
/// DistilBERT under Hugging Face names: <c>embeddings.word_embeddings|position_embeddings|LayerNorm</c>
/// (no token types) and <c>transformer.layer.N.*</c>.
/// </summary>
internal sealed class DistilBertModel : TransformerEncoder
{
    private readonly DistilBertEmbeddings embeddings;
    private readonly LayerStack<DistilBertLayer> transformer;

    public DistilBertModel(TransformerConfig config)
        : base("backbone")
    {
        embeddings = new DistilBertEmbeddings(config);
        transformer = new LayerStack<DistilBertLayer>("transformer", config.Layers, () => new DistilBertLayer(config));
        RegisterComponents();
    }

    public override Parameter WordEmbeddingWeight => embeddings.WordEmbeddingWeight;

    public override Tensor forward(Tensor ids, Tensor mask)
    {
        using var scope = NewDisposeScope();
        return transformer.forward(embeddings.forward(ids), mask).MoveToOuterDisposeScope();
    }
}

internal sealed class DistilBertEmbeddings : nn.Module<Tensor, Tensor>
{
    private readonly Embedding word_embeddings;
    private readonly Embedding position_embeddings;
    [ComponentName(Name = "LayerNorm")]
    private readonly LayerNorm layerNorm;
    private readonly Dropout dropout;

    public DistilBertEmbeddings(TransformerConfig config)
        : base("embeddings")
    {
        word_embeddings = nn.Embedding(config.VocabSize, config.HiddenSize, padding_idx: config.PadTokenId);
        position_embeddings = nn.Embedding(config.MaxPositions, config.HiddenSize);
        layerNorm = nn.LayerNorm(config.HiddenSize, 1e-12);
        dropout = nn.Dropout(config.HiddenDropout);
        RegisterComponents();
    }

    public Parameter WordEmbeddingWeight => word_embeddings.weight!;

    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        var positions = arange(ids.shape[1], dtype: ScalarType.Int64, device: ids.device).unsqueeze(0);
        var sum = word_embeddings.forward(ids) + position_embeddings.forward(positions);
        return dropout.forward(layerNorm.forward(sum)).MoveToOuterDisposeScope();
    }
}
