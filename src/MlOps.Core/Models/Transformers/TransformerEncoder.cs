using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Transformers;

/// <summary>A BERT-family encoder: int64 token ids and a real-token mask to hidden states [batch, length, hidden].</summary>
public abstract class TransformerEncoder(string name) : nn.Module<Tensor, Tensor, Tensor>(name)
{
    /// <summary>The word embedding matrix, which masked-language-model decoders share (weight tying).</summary>
    public abstract Parameter WordEmbeddingWeight { get; }
}
