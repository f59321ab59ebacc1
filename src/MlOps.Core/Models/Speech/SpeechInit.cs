using MlOps.Core.Models.Transformers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Speech;

/// <summary>
/// transformers' _init_weights for wav2vec2 / HuBERT: Linear from N(0, initializer_range) with zero
/// bias, norms one/zero, conv layers Kaiming-normal; the positional conv initialises itself
/// (<see cref="WeightNormConv1d"/>). What a fresh head, and a model from base.config alone, start from.
/// </summary>
internal static class SpeechInit
{
    public static void Apply(nn.Module root, SpeechConfig config)
    {
        TransformerInit.Normal(root, config.InitializerRange);
        using var _ = no_grad();
        foreach (var module in root.modules())
        {
            switch (module)
            {
                case GroupNorm norm:
                    norm.weight?.fill_(1);
                    norm.bias?.zero_();
                    break;
                case Conv1d conv:
                    nn.init.kaiming_normal_(conv.weight!);
                    if (conv.bias is { } bias)
                    {
                        var bound = Math.Sqrt(1.0 / (conv.weight!.shape[1] * conv.weight.shape[2]));
                        nn.init.uniform_(bias, -bound, bound);
                    }
                    break;
            }
        }
    }
}
