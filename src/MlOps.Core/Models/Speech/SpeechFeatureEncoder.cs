using MlOps.Core.Models.Transformers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Speech;

/// <summary>
/// The conv feature encoder (the Hub's <c>feature_extractor.conv_layers.N.conv|layer_norm</c>):
/// waveform [batch, samples] → frames [batch, frames, conv_dim[-1]]. Base checkpoints
/// (feat_extract_norm "group") normalise the first layer's output per channel over time
/// (GroupNorm, one group per channel); large ones (feat_extract_norm "layer") LayerNorm every layer
/// over channels. Either way eps is torch's default (1e-5), not layer_norm_eps.
/// </summary>
internal sealed class SpeechFeatureEncoder : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300, CA1707 // field names are the Hub's module names
    private readonly ModuleList<SpeechConvLayer> conv_layers;
#pragma warning restore IDE1006, SA1300, CA1707

    public SpeechFeatureEncoder(SpeechConfig config)
        : base("feature_extractor")
    {
        conv_layers = nn.ModuleList(Enumerable.Range(0, config.ConvDim.Count).Select(i => new SpeechConvLayer(config, i)).ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor waveform)
    {
        using var scope = NewDisposeScope();
        var x = waveform.unsqueeze(1);
        foreach (var layer in conv_layers)
        {
            x = layer.forward(x);
        }
        return x.transpose(1, 2).MoveToOuterDisposeScope();
    }
}

/// <summary>One conv layer: Conv1d, then (when this layer has one) its norm, then the activation.</summary>
internal sealed class SpeechConvLayer : nn.Module<Tensor, Tensor>
{
    private const double TorchNormEps = 1e-5;
#pragma warning disable IDE1006, SA1300, CA1707 // field names are the Hub's module names
    private readonly Conv1d conv;
    private readonly nn.Module<Tensor, Tensor>? layer_norm;
#pragma warning restore IDE1006, SA1300, CA1707
    private readonly bool channelsLast;
    private readonly Func<Tensor, Tensor> activation;

    public SpeechConvLayer(SpeechConfig config, int index)
        : base("conv_layer")
    {
        var input = index == 0 ? 1 : config.ConvDim[index - 1];
        var output = config.ConvDim[index];
        conv = nn.Conv1d(input, output, config.ConvKernel[index], stride: config.ConvStride[index], bias: config.ConvBias);
        if (config.LayerNormConvs)
        {
            layer_norm = nn.LayerNorm(output, TorchNormEps);
            channelsLast = true;
        }
        else if (index == 0)
        {
            layer_norm = nn.GroupNorm(output, output, TorchNormEps, affine: true);
        }
        activation = Activation.Named(config.FeatExtractActivation);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = conv.forward(input);
        if (layer_norm is not null)
        {
            x = channelsLast ? layer_norm.forward(x.transpose(1, 2)).transpose(1, 2) : layer_norm.forward(x);
        }
        return activation(x).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// The Hub's <c>feature_projection</c>: LayerNorm over the conv channels (HuBERT may leave it out,
/// feat_proj_layer_norm), Linear to the hidden size, dropout.
/// </summary>
internal sealed class SpeechFeatureProjection : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300, CA1707 // field names are the Hub's module names
    private readonly LayerNorm? layer_norm;
    private readonly nn.Module<Tensor, Tensor> projection;
#pragma warning restore IDE1006, SA1300, CA1707
    private readonly Dropout dropout;

    public SpeechFeatureProjection(SpeechConfig config)
        : base("feature_projection")
    {
        var channels = config.ConvDim[^1];
        layer_norm = config.FeatureProjectionNorm ? nn.LayerNorm(channels, config.LayerNormEps) : null;
        projection = nn.Linear(channels, config.HiddenSize);
        dropout = nn.Dropout(config.FeatProjDropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor frames)
    {
        using var scope = NewDisposeScope();
        var x = layer_norm is null ? frames : layer_norm.forward(frames);
        return dropout.forward(projection.forward(x)).MoveToOuterDisposeScope();
    }
}
