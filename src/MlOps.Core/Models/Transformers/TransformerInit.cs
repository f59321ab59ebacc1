using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Transformers;

/// <summary>
/// Hugging Face's <c>_init_weights</c> for the BERT family: Linear and Embedding weights from
/// N(0, initializer_range), biases zero, LayerNorm one/zero, the padding embedding zero. What a
/// freshly initialised head (and a from-scratch pretraining) starts from.
/// </summary>
internal static class TransformerInit
{
    public static void Apply(nn.Module root, TransformerConfig config)
    {
        Normal(root, config.InitializerRange);
        using var _ = no_grad();
        foreach (var encoder in root.modules().OfType<TransformerEncoder>())
        {
            encoder.WordEmbeddingWeight[config.PadTokenId].zero_();
        }
    }

    /// <summary>
    /// The part every Hugging Face transformer shares (the decoders' <c>_init_weights</c> too): Linear and
    /// Embedding weights from N(0, <paramref name="initializerRange"/>), biases zero, LayerNorm one/zero.
    /// </summary>
    public static void Normal(nn.Module root, double initializerRange)
    {
        using var _ = no_grad();
        foreach (var module in root.modules())
        {
            switch (module)
            {
                case Linear linear:
                    linear.weight!.normal_(0, initializerRange);
                    linear.bias?.zero_();
                    break;
                case Embedding embedding:
                    embedding.weight!.normal_(0, initializerRange);
                    break;
                case LayerNorm norm:
                    norm.weight?.fill_(1);
                    norm.bias?.zero_();
                    break;
            }
        }
    }
}
