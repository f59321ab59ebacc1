using MlOps.Core.Models;
using MlOps.Core.Training.Objectives;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Training;

/// <summary>
/// A stand-in masked-LM for objective tests: each position sees its own embedding and the mean of
/// the sequence's. Token 0 is padding, 1 the mask token; plain masking (no 80/10/10).
/// </summary>
internal sealed class ToyMaskedLm : FineTuneModule, IMaskedLanguageModel
{
    public const long Pad = 0;
    public const long MaskToken = 1;

    private readonly Embedding embedding;

    public ToyMaskedLm(int vocabulary)
        : base(nameof(ToyMaskedLm), 32, vocabulary)
    {
        embedding = nn.Embedding(vocabulary, 16);
        RegisterComponents();
    }

    public override Tensor Features(Tensor input) => throw new NotSupportedException("a masked LM scores tokens, not sequences");

    public (Tensor Inputs, Tensor Labels) Mask(Tensor ids, double probability, Generator generator)
    {
        var tokens = ids.to(int64);
        var chosen = rand(tokens.shape, generator: generator).lt(probability).logical_and(tokens.ne(Pad));
        return (tokens.masked_fill(chosen, MaskToken), tokens.masked_fill(chosen.logical_not(), MaskedLmObjective.Ignored));
    }

    public Tensor MaskedLmLogits(Tensor ids)
    {
        var tokens = ids.to(int64);
        var own = embedding.forward(tokens);
        var context = own.mean([1], keepdim: true).expand_as(own);
        return head.forward(cat([own, context], 2));
    }
}
