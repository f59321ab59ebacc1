using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Transformers;

/// <summary>
/// word + position + token-type embeddings, LayerNorm, dropout; Hugging Face names. RoBERTa
/// numbers positions from padding_idx + 1 and gives padding the padding position, as
/// <c>create_position_ids_from_input_ids</c> does; BERT numbers them 0, 1, 2, …
/// </summary>
internal sealed class BertEmbeddings : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Embedding word_embeddings;
    private readonly Embedding position_embeddings;
    private readonly Embedding token_type_embeddings;
    [ComponentName(Name = "LayerNorm")]
    private readonly LayerNorm layerNorm;
    private readonly Dropout dropout;
    private readonly bool robertaPositions;
    private readonly long padTokenId;

    public BertEmbeddings(TransformerConfig config)
        : base("embeddings")
    {
        robertaPositions = config.Kind == TransformerKind.Roberta;
        padTokenId = config.PadTokenId;
        word_embeddings = nn.Embedding(config.VocabSize, config.HiddenSize, padding_idx: config.PadTokenId);
        position_embeddings = robertaPositions
            ? nn.Embedding(config.MaxPositions, config.HiddenSize, padding_idx: config.PadTokenId)
            : nn.Embedding(config.MaxPositions, config.HiddenSize);
        token_type_embeddings = nn.Embedding(Math.Max(1, config.TypeVocabSize), config.HiddenSize);
        layerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        dropout = nn.Dropout(config.HiddenDropout);
        RegisterComponents();
    }

    /// <summary>The word embedding matrix, which masked-language-model decoders share.</summary>
    public Parameter WordEmbeddingWeight => word_embeddings.weight!;

    /// <param name="ids">[batch, length] int64 token ids.</param>
    /// <param name="mask">[batch, length] true where a token is real.</param>
    public override Tensor forward(Tensor ids, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var positions = robertaPositions
            ? (mask.to(ScalarType.Int64).cumsum(1) * mask.to(ScalarType.Int64)) + padTokenId
            : arange(ids.shape[1], dtype: ScalarType.Int64, device: ids.device).unsqueeze(0);
        // Token type 0 everywhere: single-segment classification.
        var types = zeros_like(ids);
        var sum = word_embeddings.forward(ids) + position_embeddings.forward(positions) + token_type_embeddings.forward(types);
        return dropout.forward(layerNorm.forward(sum)).MoveToOuterDisposeScope();
    }
}
