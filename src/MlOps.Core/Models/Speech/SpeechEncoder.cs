using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Speech;

/// <summary>
/// The Hub's <c>encoder</c>: padded frames zeroed, the positional conv embedding added, then the
/// layers. Base: LayerNorm and dropout before the (post-LN) layers. Stable layer norm: dropout
/// before the (pre-LN) layers, LayerNorm after them. In training each layer is skipped with
/// probability layerdrop (torch's generator, so seeded runs repeat).
/// </summary>
internal sealed class SpeechEncoder : nn.Module<Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300, CA1707 // field names are the Hub's module names
    private readonly SpeechPositionalConv pos_conv_embed;
    private readonly LayerNorm layer_norm;
    private readonly Dropout dropout;
    private readonly ModuleList<SpeechEncoderLayer> layers;
#pragma warning restore IDE1006, SA1300, CA1707
    private readonly bool stable;
    private readonly double layerDrop;

    public SpeechEncoder(SpeechConfig config)
        : base("encoder")
    {
        pos_conv_embed = new SpeechPositionalConv(config);
        layer_norm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        dropout = nn.Dropout(config.HiddenDropout);
        layers = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(_ => new SpeechEncoderLayer(config)).ToArray());
        stable = config.StableLayerNorm;
        layerDrop = config.LayerDrop;
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor frameMask)
    {
        var states = HiddenStates(hidden, frameMask);
        var output = states[^1];
        // A layer skipped by layerdrop repeats its input: the same tensor may appear twice.
        foreach (var state in states.Distinct(ReferenceEqualityComparer.Instance).Cast<Tensor>().Where(s => !ReferenceEquals(s, output)))
        {
            state.Dispose();
        }
        return output;
    }

    /// <summary>The input to each layer and the encoder's output (layers + 1 tensors), as transformers' output_hidden_states.</summary>
    public List<Tensor> HiddenStates(Tensor hidden, Tensor frameMask)
    {
        using var scope = NewDisposeScope();
        var x = hidden.masked_fill(frameMask.logical_not().unsqueeze(-1), 0.0);
        x = x + pos_conv_embed.forward(x);
        x = dropout.forward(stable ? x : layer_norm.forward(x));
        var states = new List<Tensor>();
        foreach (var layer in layers)
        {
            states.Add(x);
            if (training && layerDrop > 0 && rand(1).item<float>() < layerDrop)
            {
                continue;
            }
            x = layer.forward(x, frameMask);
        }
        states.Add(stable ? layer_norm.forward(x) : x);
        foreach (var state in states.Distinct(ReferenceEqualityComparer.Instance).Cast<Tensor>())
        {
            state.MoveToOuterDisposeScope();
        }
        return states;
    }
}
