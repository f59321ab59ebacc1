using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Specs.Model;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Transformers;

/// <summary>
/// A BERT-family encoder with its masked-language-model head, under Hugging Face names below
/// <c>backbone.</c> (BERT <c>cls.predictions.*</c>; DistilBERT <c>vocab_transform|vocab_layer_norm|vocab_projector</c>;
/// RoBERTa <c>lm_head.*</c>); the decoder shares the word embedding matrix, as HF ties it. Input:
/// token ids [batch, length] (float or int64); output: vocabulary logits for the batch trimmed to
/// its longest sequence, [batch, trimmed length, vocab] (see <see cref="MaskedLanguageModeling.Loss"/>).
/// </summary>
public sealed class TransformerForMaskedLm : nn.Module<Tensor, Tensor>
{
    private readonly TransformerEncoder backbone;
    private readonly BertMlmHead? cls;
    private readonly RobertaLmHead? lm_head;
    private readonly Linear? vocab_transform;
    private readonly LayerNorm? vocab_layer_norm;
    private readonly TiedProjection? vocab_projector;
    private readonly Func<Tensor, Tensor> activation;

    public TransformerForMaskedLm(TransformerConfig config)
        : base(config.ModelName + "-mlm")
    {
        Config = config;
        // HF's *ForMaskedLM builds the encoder without a pooler.
        backbone = config.Kind == TransformerKind.DistilBert ? new DistilBertModel(config) : new BertModel(config, withPooler: false);
        activation = Activation.Named(config.HiddenAct);
        switch (config.Kind)
        {
            case TransformerKind.Bert:
                cls = new BertMlmHead(config);
                break;
            case TransformerKind.Roberta:
                lm_head = new RobertaLmHead(config);
                break;
            default:
                vocab_transform = nn.Linear(config.HiddenSize, config.HiddenSize);
                vocab_layer_norm = nn.LayerNorm(config.HiddenSize, 1e-12);
                vocab_projector = new TiedProjection(config.VocabSize);
                break;
        }
        RegisterComponents();
        TransformerInit.Apply(this, config);
    }

    public TransformerConfig Config { get; }

    /// <summary>The encoder, whose weights a classifier of the same config loads as its backbone.</summary>
    public TransformerEncoder Encoder => backbone;

    /// <summary>The masked-LM head's parameter prefixes: initialised afresh when a checkpoint has none.</summary>
    public IReadOnlyList<string> HeadPrefixes => Config.Kind switch
    {
        TransformerKind.Bert => ["cls."],
        TransformerKind.Roberta => ["lm_head."],
        _ => ["vocab_transform.", "vocab_layer_norm.", "vocab_projector."],
    };

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var ids = TokenIds.Trim(input, Config.PadTokenId, Config.VocabSize);
        var hidden = backbone.forward(ids, TokenIds.Mask(ids, Config.PadTokenId));
        var embeddings = backbone.WordEmbeddingWeight;
        var logits = Config.Kind switch
        {
            TransformerKind.Bert => cls!.forward(hidden, embeddings),
            TransformerKind.Roberta => lm_head!.forward(hidden, embeddings),
            _ => vocab_projector!.forward(vocab_layer_norm!.forward(activation(vocab_transform!.forward(hidden))), embeddings),
        };
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Loads a Hub checkpoint (folder or file) by name. Tied decoder copies, next-sentence and
    /// classification heads and a pooler are not used; an absent MLM head is initialised afresh.
    /// </summary>
    public WeightLoadReport Load(string path, SourceLocation where)
    {
        var state = HfCheckpointFolder.IsFolder(path) ? HfCheckpointFolder.ReadStateDict(path, where) : CheckpointFile.ReadStateDict(path).StateDict;
        try
        {
            return TransformerWeights.Apply(this, Config.Kind, HeadPrefixes, state, replaceHead: false, Path.GetFileName(path), where, NotUsed);
        }
        finally
        {
            StateDict.Dispose(state);
        }
    }

    private static bool NotUsed(string name) =>
        HubNameMap.IsPretrainingOnly(name)
        || name.StartsWith("head.", StringComparison.Ordinal)
        || name.StartsWith("pre_classifier.", StringComparison.Ordinal);
}
