using MlOps.Core.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Text;

/// <summary>
/// A stand-in text classifier for pipeline tests (the BERT family is another module's): token ids
/// (as floats) to the mean of their embeddings, pad id 0 left out. Enough to learn which words go
/// with which label, and cheap on two cores.
/// </summary>
[FineTuneModel(Name)]
public sealed class TokenBagModel : FineTuneModule
{
    public const string Name = "test-token-bag";
    private const int Vocabulary = 64;
    private const int Width = 8;

    private readonly Embedding backbone;

    public TokenBagModel(ModelShape shape)
        : base(Name, Width, shape.ClassCount)
    {
        backbone = nn.Embedding(Vocabulary, Width);
        RegisterComponents();
    }

    public override Tensor Features(Tensor input)
    {
        using var scope = NewDisposeScope();
        var ids = input.to(ScalarType.Int64);
        var mask = ids.ne(0).unsqueeze(-1).to(ScalarType.Float32);
        var sum = (backbone.forward(ids) * mask).sum(1);
        return (sum / mask.sum(1).clamp_min(1)).MoveToOuterDisposeScope();
    }
}
