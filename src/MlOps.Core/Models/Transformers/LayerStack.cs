using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Transformers;

/// <summary>
/// The encoder's stack of blocks, each taking (hidden, mask): BERT's <c>encoder</c> and DistilBERT's
/// <c>transformer</c>. The field is named <c>layer</c> so the parameters read <c>….layer.N.…</c> as on the Hub.
/// </summary>
internal sealed class LayerStack<TLayer> : nn.Module<Tensor, Tensor, Tensor>
    where TLayer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ModuleList<TLayer> layer;

    public LayerStack(string name, int count, Func<TLayer> block)
        : base(name)
    {
        layer = nn.ModuleList(Enumerable.Range(0, count).Select(_ => block()).ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var x = hidden;
        foreach (var block in layer)
        {
            x = block.forward(x, mask);
        }
        return x.MoveToOuterDisposeScope();
    }
}
