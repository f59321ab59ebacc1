using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Decoders;

/// <summary>
/// transformers' <c>_init_weights</c> for these decoders: Linear and Embedding weights from
/// N(0, initializer_range), biases zero, norms one/zero. What a fresh head (and a model built from
/// a config alone) starts from; a checkpoint overwrites the rest.
/// </summary>
internal static class DecoderInit
{
    public static void Apply(nn.Module root, DecoderConfig config)
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
    }
}
