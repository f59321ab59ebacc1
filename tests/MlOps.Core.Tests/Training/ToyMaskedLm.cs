using MlOps.Core.Models;
using MlOps.Core.Models.Transformers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Training;

/// <summary>
/// A stand-in masked LM for objective tests: each position sees its own embedding and the mean of
/// the sequence's, and forward gives vocabulary logits per position. Token 0 is padding, 1 the mask token.
/// </summary>
internal sealed class ToyMaskedLm : FineTuneModule
{
    private readonly Embedding embedding;

    public ToyMaskedLm(int vocabulary)
        : base(nameof(ToyMaskedLm), 32, vocabulary)
    {
        embedding = nn.Embedding(vocabulary, 16);
        RegisterComponents();
    }

    public static MaskingOptions Masking(int vocabulary, double probability) =>
        new(MaskTokenId: 1, PadTokenId: 0, VocabSize: vocabulary, SpecialTokenIds: []) { Probability = probability };

    public override Tensor Features(Tensor input) => throw new NotSupportedException("a masked LM scores tokens, not sequences");

    public override Tensor forward(Tensor input)
    {
        var own = embedding.forward(input.to(int64));
        var context = own.mean([1], keepdim: true).expand_as(own);
        return head.forward(cat([own, context], 2));
    }
}
