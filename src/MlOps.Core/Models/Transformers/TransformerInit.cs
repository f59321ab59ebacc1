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
        using var _ = no_grad();
        foreach (var module in root.modules())
        {
            switch (module)
            {
                case Linear linear:
                    linear.weight!.normal_(0, config.InitializerRange);
                    linear.bias?.zero_();
                    break;
                case Embedding embedding:
                    embedding.weight!.normal_(0, config.InitializerRange);
                    break;
                case LayerNorm norm:
                    norm.weight?.fill_(1);
                    norm.bias?.zero_();
                    break;
            }
        }
        foreach (var encoder in root.modules().OfType<TransformerEncoder>())
        {
            encoder.WordEmbeddingWeight[config.PadTokenId].zero_();
        }
    }
}
