using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Speech;

/// <summary>
/// A speech classifier as transformers' Wav2Vec2ForSequenceClassification and
/// HubertForSequenceClassification compute it: the encoder's last hidden state (or, with
/// use_weighted_layer_sum, a softmax-weighted sum of every layer's, <c>layer_weights</c>) →
/// <c>projector</c> → mean over the frames that are not padding → the head (the Hub's
/// <c>classifier</c>). Input: waveforms [batch, samples] (or [batch, 1, samples]), normalised per
/// utterance and right-padded with zeros.
/// </summary>
public sealed class SpeechClassifier : FineTuneModule, Adapters.IHubNames
{
    /// <summary>The parameters of the conv feature encoder: what freeze_feature_encoder freezes.</summary>
    public const string FeatureEncoderGlob = "backbone.feature_extractor.*";

#pragma warning disable IDE1006, SA1300, CA1707, IDE0044 // field names are the Hub's; module.to(dtype) swaps Parameters through fields
    private readonly SpeechBackbone backbone;
    private readonly nn.Module<Tensor, Tensor> projector;
    private Parameter? layer_weights;
#pragma warning restore IDE1006, SA1300, CA1707, IDE0044

    public SpeechClassifier(SpeechConfig config, int classCount)
        : base(config.ModelName, config.ClassifierProjSize, classCount)
    {
        Config = config;
        backbone = new SpeechBackbone(config);
        projector = nn.Linear(config.HiddenSize, config.ClassifierProjSize);
        layer_weights = config.UseWeightedLayerSum ? new Parameter(ones(config.Layers + 1) / (config.Layers + 1)) : null;
        RegisterComponents();
        SpeechInit.Apply(this, config);
    }

    public SpeechConfig Config { get; }

    public override IReadOnlyList<string> FeatureEncoder => [FeatureEncoderGlob];

    public string ToHub(string ourName) => SpeechNames.ToHub(Config, ourName);

    public override IReadOnlyList<string> HeadPrefixes =>
        layer_weights is null ? ["head.", "projector."] : ["head.", "projector.", "layer_weights"];

    public override Tensor Features(Tensor input)
    {
        using var scope = NewDisposeScope();
        var waveform = input.dim() == 3 ? input.squeeze(1) : input;
        var (states, mask) = backbone.HiddenStates(waveform, everyLayer: layer_weights is not null);
        var hidden = layer_weights is null
            ? states[0]
            : (stack(states) * nn.functional.softmax(layer_weights, 0).view(-1, 1, 1, 1)).sum(dim: 0); // dim named: a literal 0 would bind to sum(ScalarType)
        var projected = projector.forward(hidden).masked_fill(mask.logical_not().unsqueeze(-1), 0.0);
        var pooled = projected.sum(1) / mask.sum(1, keepdim: true).to(projected.dtype);
        return pooled.MoveToOuterDisposeScope();
    }
}
