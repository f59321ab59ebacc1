using MlOps.Core.Models.Transformers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Speech;

/// <summary>
/// The Hub's <c>encoder.pos_conv_embed</c>: a grouped Conv1d over time (kernel
/// num_conv_pos_embeddings, "same" padding, one trailing frame dropped for an even kernel), then
/// the activation; its output is added to the hidden states. The conv weight is weight-normed over
/// dim 2 (<see cref="WeightNormConv1d"/>).
/// </summary>
internal sealed class SpeechPositionalConv : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300, CA1707 // field names are the Hub's module names
    private readonly WeightNormConv1d conv;
#pragma warning restore IDE1006, SA1300, CA1707
    private readonly bool dropLast;
    private readonly Func<Tensor, Tensor> activation;

    public SpeechPositionalConv(SpeechConfig config)
        : base("pos_conv_embed")
    {
        conv = new WeightNormConv1d(config.HiddenSize, config.PositionalKernel, config.PositionalGroups);
        dropLast = config.PositionalKernel % 2 == 0;
        activation = Activation.Named(config.FeatExtractActivation);
        RegisterComponents();
    }

    /// <param name="hidden">[batch, frames, hidden].</param>
    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var x = conv.forward(hidden.transpose(1, 2));
        if (dropLast)
        {
            x = x.narrow(2, 0, x.shape[2] - 1);
        }
        return activation(x).transpose(1, 2).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// A grouped Conv1d whose weight is w = g · v / ‖v‖, the norm taken per kernel position (over the
/// output and input channels; torch's weight_norm with dim=2). Parameters <c>weight_g</c> [1, 1, k],
/// <c>weight_v</c> [channels, channels / groups, k] and <c>bias</c>: the names older checkpoints use;
/// newer ones spell g and v <c>parametrizations.weight.original0/1</c> (<see cref="SpeechNames"/> maps them).
/// </summary>
internal sealed class WeightNormConv1d : nn.Module<Tensor, Tensor>
{
    // Not readonly: module.to(dtype) swaps in converted Parameters through the fields.
#pragma warning disable IDE1006, SA1300, CA1707, IDE0044
    private Parameter weight_g;
    private Parameter weight_v;
    private Parameter bias;
#pragma warning restore IDE1006, SA1300, CA1707, IDE0044
    private readonly long padding;
    private readonly long groups;

    public WeightNormConv1d(int channels, int kernel, int groups)
        : base("conv")
    {
        // transformers' initialisation: v ~ N(0, 2·sqrt(1 / (k · channels))), g = ‖v‖, bias 0.
        var v = normal(0, 2 * Math.Sqrt(1.0 / (kernel * channels)), [channels, channels / groups, kernel]);
        weight_g = new Parameter(Norm(v)); // before v's handle passes to its Parameter
        weight_v = new Parameter(v);
        bias = new Parameter(zeros(channels));
        padding = kernel / 2;
        this.groups = groups;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var weight = weight_v * (weight_g / Norm(weight_v));
        return nn.functional.conv1d(input, weight, bias, padding: padding, groups: groups).MoveToOuterDisposeScope();
    }

    private static Tensor Norm(Tensor v) => v.pow(2).sum([0, 1], keepdim: true).sqrt();
}
