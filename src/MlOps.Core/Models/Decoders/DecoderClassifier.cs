using MlOps.Core.Models.Transformers;
using TorchSharp;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Decoders;

/// <summary>
/// A decoder sequence classifier as transformers' <c>LlamaForSequenceClassification</c>,
/// <c>Qwen2ForSequenceClassification</c> and <c>GPT2ForSequenceClassification</c> compute it: the
/// head (the Hub's <c>score</c>, no bias) on the hidden state of the last token that is not padding.
/// Input: token ids as floats [batch, max_length], right-padded with the pad id; trailing pad ids
/// are padding, a pad id before a real token (GPT-2's bos is its pad) is a token.
/// </summary>
public sealed class DecoderClassifier : FineTuneModule, Adapters.IHubNames
{
    private readonly DecoderBackbone backbone;

    public DecoderClassifier(DecoderConfig config, int classCount)
        : base(config.ModelName, config.HiddenSize, classCount)
    {
        Config = config;
        backbone = DecoderBackbone.Create(config);
        head.Dispose(); // the Hub's score layer has no bias
        head = nn.Linear(config.HiddenSize, classCount, hasBias: false);
        RegisterComponents();
        Transformers.TransformerInit.Normal(this, config.InitializerRange);
    }

    public DecoderConfig Config { get; }

    public DecoderBackbone Backbone => backbone;

    public string ToHub(string ourName) => DecoderNames.ToHub(Config.Kind, ourName);

    /// <summary>Token ids arrive as floats; bf16 would round every id above 256.</summary>
    public override bool CastInputsToComputeType => false;

    public override Tensor Features(Tensor input)
    {
        using var scope = NewDisposeScope();
        var ids = TokenIds.Trim(input, Config.PadTokenId, Config.VocabSize);
        // Real up to the last non-pad id of the row: a reversed running count of real tokens.
        var mask = ids.ne(Config.PadTokenId).flip(1).to(ScalarType.Int64).cumsum(1).flip(1).gt(0);
        var hidden = backbone.Forward(ids, mask, cache: null);
        var positions = arange(ids.shape[1], dtype: ScalarType.Int64, device: ids.device);
        var last = (mask.to(ScalarType.Int64) * positions).argmax(1);
        var features = hidden.gather(1, last.view(-1, 1, 1).expand(-1, 1, hidden.shape[2])).squeeze(1);
        return features.MoveToOuterDisposeScope();
    }
}
