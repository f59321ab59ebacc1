using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Speech;

/// <summary>
/// transformers' Wav2Vec2Model / HubertModel (the checkpoint's <c>wav2vec2.</c> / <c>hubert.</c>,
/// our <c>backbone.</c>): conv feature encoder, feature projection, transformer encoder. The
/// attention mask comes from the padding: a row's real samples end at its last non-zero sample
/// (the data path pads normalised waveforms with exact zeros, as Wav2Vec2FeatureExtractor does),
/// and a frame is real when the conv stack computed it from real samples only. In training the
/// projected features get SpecAugment's masks as the checkpoint's config asks (<see cref="SpeechSpecAugment"/>).
/// </summary>
internal sealed class SpeechBackbone : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300, CA1707, IDE0044 // field names are the Hub's; module.to(dtype) swaps Parameters through fields
    private readonly SpeechFeatureEncoder feature_extractor;
    private readonly SpeechFeatureProjection feature_projection;
    private readonly SpeechEncoder encoder;
    private Parameter? masked_spec_embed;
#pragma warning restore IDE1006, SA1300, CA1707, IDE0044
    private readonly SpeechConfig config;

    public SpeechBackbone(SpeechConfig config)
        : base("backbone")
    {
        feature_extractor = new SpeechFeatureEncoder(config);
        feature_projection = new SpeechFeatureProjection(config);
        encoder = new SpeechEncoder(config);
        // transformers: nn.Parameter(torch.Tensor(hidden_size).uniform_()), only when a mask probability is above 0.
        masked_spec_embed = config.HasMaskedSpecEmbed ? new Parameter(rand(config.HiddenSize)) : null;
        this.config = config;
        RegisterComponents();
    }

    /// <summary>The last hidden state [batch, frames, hidden] of waveforms [batch, samples].</summary>
    public override Tensor forward(Tensor waveform)
    {
        var (states, mask) = HiddenStates(waveform, everyLayer: false);
        mask.Dispose();
        return states[0];
    }

    /// <summary>
    /// The encoder's output (or, with <paramref name="everyLayer"/>, the input to every layer and the
    /// output) and the frame mask [batch, frames], true where a frame is real.
    /// </summary>
    public (List<Tensor> States, Tensor FrameMask) HiddenStates(Tensor waveform, bool everyLayer)
    {
        using var scope = NewDisposeScope();
        var frames = feature_extractor.forward(waveform);
        var mask = FrameMask(waveform, frames.shape[1]);
        var hidden = feature_projection.forward(frames);
        if (training)
        {
            hidden = SpeechSpecAugment.Apply(hidden, mask, masked_spec_embed, config);
        }
        List<Tensor> states = everyLayer ? encoder.HiddenStates(hidden, mask) : [encoder.forward(hidden, mask)];
        foreach (var state in states.Distinct(ReferenceEqualityComparer.Instance).Cast<Tensor>())
        {
            state.MoveToOuterDisposeScope();
        }
        return (states, mask.MoveToOuterDisposeScope());
    }

    private Tensor FrameMask(Tensor waveform, long frames)
    {
        using var scope = NewDisposeScope();
        var positions = arange(1, waveform.shape[1] + 1, dtype: ScalarType.Int64, device: waveform.device);
        var lengths = (waveform.ne(0).to(ScalarType.Int64) * positions).amax([1]);
        for (var i = 0; i < config.ConvKernel.Count; i++)
        {
            var (kernel, stride) = (config.ConvKernel[i], config.ConvStride[i]);
            lengths = where(lengths.lt(kernel), zeros_like(lengths), (lengths - kernel).div(stride, RoundingMode.floor) + 1);
        }
        // A silent (all-zero) clip keeps one frame, so its mean stays finite.
        lengths = lengths.clamp_min(1);
        var mask = arange(frames, dtype: ScalarType.Int64, device: waveform.device).unsqueeze(0).lt(lengths.unsqueeze(1));
        return mask.MoveToOuterDisposeScope();
    }
}
