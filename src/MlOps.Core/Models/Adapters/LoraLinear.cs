using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Adapters;

/// <summary>
/// A Linear layer with a LoRA update: y = W x + b + (alpha / r) · B(A(dropout(x))). It takes over the
/// wrapped layer's own weight and bias Parameters under the same names (<c>weight</c>, <c>bias</c>), so
/// state-dict names, checkpoints and freeze globs see the layer exactly as before, plus
/// <c>lora_A.weight</c> [r, in] and <c>lora_B.weight</c> [out, r], PEFT's names and shapes.
/// A is Kaiming-uniform and B zero (PEFT's initialisation): at the start the output is unchanged.
/// </summary>
public sealed class LoraLinear : nn.Module<Tensor, Tensor>
{
    // Field names are the state-dict names (TorchSharp registers fields by name). weight and bias are
    // not readonly: module.to(dtype) swaps in converted Parameters through these fields.
#pragma warning disable IDE1006, SA1300, CA1707, IDE0044
    private Parameter weight;
    private Parameter? bias;
    private readonly Linear lora_A;
    private readonly Linear lora_B;
    private readonly Dropout lora_dropout;
#pragma warning restore IDE1006, SA1300, CA1707, IDE0044

    public LoraLinear(Linear source, int rank, double alpha, double dropout)
        : base("LoraLinear")
    {
        ArgumentNullException.ThrowIfNull(source);
        weight = source.weight!;
        bias = source.bias;
        InFeatures = source.in_features;
        OutFeatures = source.out_features;
        Rank = rank;
        Scale = alpha / rank;
        var device = weight.device;
        lora_A = nn.Linear(InFeatures, rank, hasBias: false, device: device, dtype: weight.dtype);
        lora_B = nn.Linear(rank, OutFeatures, hasBias: false, device: device, dtype: weight.dtype);
        using (no_grad())
        {
            nn.init.kaiming_uniform_(lora_A.weight!, a: Math.Sqrt(5));
            nn.init.zeros_(lora_B.weight!);
        }
        lora_dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    public long InFeatures { get; }

    public long OutFeatures { get; }

    public int Rank { get; }

    public double Scale { get; }

    public Parameter Weight => weight;

    public Parameter? Bias => bias;

    public Parameter LoraA => lora_A.weight!;

    public Parameter LoraB => lora_B.weight!;

    public override Tensor forward(Tensor input)
    {
        using var main = Layers.CpuLinear.Apply(input, weight, bias);
        using var dropped = lora_dropout.forward(input);
        using var down = lora_A.forward(dropped);
        using var up = lora_B.forward(down);
        return main.add(up, Scale);
    }

    /// <summary>W + (alpha / r)·B·A, a new tensor (computed in fp32, returned in W's type).</summary>
    public Tensor MergedWeight()
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var delta = LoraB.to(ScalarType.Float32).matmul(LoraA.to(ScalarType.Float32));
        return weight.to(ScalarType.Float32).add(delta, Scale).to(weight.dtype).MoveToOuterDisposeScope();
    }
}
