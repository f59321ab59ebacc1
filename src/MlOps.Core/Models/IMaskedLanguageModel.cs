using static TorchSharp.torch;

namespace MlOps.Core.Models;

/// <summary>A text encoder with a masked-language-model head, as masked-LM pretraining needs it.</summary>
public interface IMaskedLanguageModel
{
    /// <summary>
    /// BERT's masking of token ids [batch, length]: a share of the non-special tokens is chosen,
    /// 80% become the mask token, 10% a random token, 10% stay. Labels hold the original id where
    /// a token was chosen and -100 elsewhere.
    /// </summary>
    (Tensor Inputs, Tensor Labels) Mask(Tensor ids, double probability, Generator generator);

    /// <summary>Token scores [batch, length', vocab]; length' may be shorter than the input's (padding trimmed).</summary>
    Tensor MaskedLmLogits(Tensor ids);
}
