using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Decoders;

/// <summary>
/// Root-mean-square norm as Llama computes it: in float32 whatever the input's type,
/// x · rsqrt(mean(x²) + eps), cast back, times <c>weight</c> (no bias, no mean subtraction).
/// </summary>
internal sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE0044 // module.to(dtype) swaps in converted Parameters through the field
    private Parameter weight;
#pragma warning restore IDE0044
    private readonly double eps;

    public RmsNorm(long size, double eps)
        : base("RMSNorm")
    {
        weight = new Parameter(ones(size));
        this.eps = eps;
        RegisterComponents();
    }

    public Parameter Weight => weight;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input.to(ScalarType.Float32);
        var normed = x * (x.pow(2).mean([-1], keepdim: true) + eps).rsqrt();
        return (weight * normed.to(input.dtype)).MoveToOuterDisposeScope();
    }
}
