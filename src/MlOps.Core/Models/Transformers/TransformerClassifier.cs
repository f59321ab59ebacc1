using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Transformers;

/// <summary>
/// A BERT-family sequence classifier computed as Hugging Face's <c>*ForSequenceClassification</c>:
/// BERT: pooler tanh on [CLS] → dropout → head; DistilBERT: [CLS] → pre_classifier → ReLU →
/// dropout → head; RoBERTa: &lt;s&gt; → dropout → pre_classifier (HF classifier.dense) → tanh →
/// dropout → head (HF classifier.out_proj). Input: token ids as floats [batch, max_length].
/// </summary>
public sealed class TransformerClassifier : FineTuneModule, Adapters.IHubNames
{
    private readonly TransformerEncoder backbone;
    // Typed as modules, not Linear, so a LoRA adapter can take their place (Adapters/ModuleSurgery).
    private readonly nn.Module<Tensor, Tensor>? pre_classifier;
    private readonly Dropout dropout;

    public TransformerClassifier(TransformerConfig config, int classCount)
        : base(config.ModelName, config.HiddenSize, classCount)
    {
        Config = config;
        backbone = config.Kind switch
        {
            TransformerKind.DistilBert => new DistilBertModel(config),
            _ => new BertModel(config, withPooler: config.Kind == TransformerKind.Bert),
        };
        pre_classifier = config.Kind == TransformerKind.Bert ? null : nn.Linear(config.HiddenSize, config.HiddenSize);
        dropout = nn.Dropout(config.ClassifierDropout);
        RegisterComponents();
        TransformerInit.Apply(this, config);
    }

    public TransformerConfig Config { get; }

    /// <summary>The encoder (<c>backbone.*</c>), e.g. to share with a masked-language-model head.</summary>
    public TransformerEncoder Encoder => backbone;

    /// <summary>Hub names for saved adapters (PEFT's <c>base_model.model.bert.encoder…</c>).</summary>
    public string ToHub(string ourName) => HubNameMap.ToHub(Config.Kind, ourName);

    /// <summary>Token ids arrive as floats; bf16 would round every id above 256.</summary>
    public override bool CastInputsToComputeType => false;

    public override IReadOnlyList<string> HeadPrefixes =>
        [.. pre_classifier is null ? ["head."] : new[] { "head.", "pre_classifier." }, .. PoolerIsNew ? ["backbone.pooler."] : Array.Empty<string>()];

    /// <summary>
    /// The checkpoint had no pooler (masked-LM checkpoints don't): it starts random and so belongs to
    /// the new head, which trains under an adapter too; a frozen random pooler would scramble [CLS].
    /// </summary>
    public bool PoolerIsNew { get; internal set; }

    public override Tensor Features(Tensor input)
    {
        using var scope = NewDisposeScope();
        var ids = TokenIds.Trim(input, Config.PadTokenId, Config.VocabSize);
        var hidden = backbone.forward(ids, TokenIds.Mask(ids, Config.PadTokenId));
        var features = Config.Kind switch
        {
            TransformerKind.Bert => dropout.forward(((BertModel)backbone).Pool(hidden)),
            TransformerKind.DistilBert => dropout.forward(nn.functional.relu(pre_classifier!.forward(hidden.select(1, 0)))),
            _ => dropout.forward(pre_classifier!.forward(dropout.forward(hidden.select(1, 0))).tanh()),
        };
        return features.MoveToOuterDisposeScope();
    }
}
