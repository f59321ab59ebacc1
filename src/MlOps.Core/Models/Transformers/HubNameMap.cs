namespace MlOps.Core.Models.Transformers;

/// <summary>
/// Hugging Face tensor names to ours, by prefix: the encoder (<c>bert.</c>, <c>distilbert.</c>,
/// <c>roberta.</c>, or no prefix when the bare base model was saved) becomes <c>backbone.</c>, the
/// classifier becomes <c>head.</c> (RoBERTa's <c>classifier.dense.</c> becomes
/// <c>pre_classifier.</c>), and old TensorFlow-era <c>LayerNorm.gamma/beta</c> become weight/bias.
/// Names already ours (a model MlOps saved) pass through unchanged.
/// </summary>
public static class HubNameMap
{
    private static readonly Dictionary<TransformerKind, (string From, string To)[]> Prefixes = new()
    {
        [TransformerKind.Bert] =
        [
            ("bert.", "backbone."), ("classifier.", "head."),
            ("embeddings.", "backbone.embeddings."), ("encoder.", "backbone.encoder."), ("pooler.", "backbone.pooler."),
        ],
        [TransformerKind.DistilBert] =
        [
            ("distilbert.", "backbone."), ("classifier.", "head."),
            ("embeddings.", "backbone.embeddings."), ("transformer.", "backbone.transformer."),
        ],
        [TransformerKind.Roberta] =
        [
            ("roberta.", "backbone."), ("classifier.dense.", "pre_classifier."), ("classifier.out_proj.", "head."),
            ("embeddings.", "backbone.embeddings."), ("encoder.", "backbone.encoder."), ("pooler.", "backbone.pooler."),
        ],
    };

    public static string ToOurs(TransformerKind kind, string hubName)
    {
        var name = hubName;
        if (name.EndsWith(".gamma", StringComparison.Ordinal))
        {
            name = name[..^".gamma".Length] + ".weight";
        }
        else if (name.EndsWith(".beta", StringComparison.Ordinal))
        {
            name = name[..^".beta".Length] + ".bias";
        }
        foreach (var (from, to) in Prefixes[kind])
        {
            if (name.StartsWith(from, StringComparison.Ordinal))
            {
                return to + name[from.Length..];
            }
        }
        return name;
    }

    /// <summary>
    /// Ours back to the Hub's (the first, prefixed spelling): what saved adapters and exported
    /// folders use, so PEFT and transformers load them. Names outside the map (cls.*) are the Hub's already.
    /// </summary>
    public static string ToHub(TransformerKind kind, string ourName)
    {
        var encoder = kind switch { TransformerKind.Bert => "bert.", TransformerKind.DistilBert => "distilbert.", _ => "roberta." };
        (string Ours, string Hub)[] prefixes = kind == TransformerKind.Roberta
            ? [("backbone.", encoder), ("pre_classifier.", "classifier.dense."), ("head.", "classifier.out_proj.")]
            : [("backbone.", encoder), ("head.", "classifier.")];
        foreach (var (ours, hub) in prefixes)
        {
            if (ourName.StartsWith(ours, StringComparison.Ordinal))
            {
                return hub + ourName[ours.Length..];
            }
        }
        return ourName;
    }

    /// <summary>
    /// Tensors that pretraining checkpoints carry and a classifier does not use: masked-LM and
    /// next-sentence heads, position-id buffers, and a pooler the architecture's classifier skips.
    /// </summary>
    public static bool IsPretrainingOnly(string ourName) =>
        ourName.StartsWith("cls.", StringComparison.Ordinal)
        || ourName.StartsWith("lm_head.", StringComparison.Ordinal)
        || ourName.StartsWith("vocab_transform.", StringComparison.Ordinal)
        || ourName.StartsWith("vocab_layer_norm.", StringComparison.Ordinal)
        || ourName.StartsWith("vocab_projector.", StringComparison.Ordinal)
        || ourName.StartsWith("backbone.pooler.", StringComparison.Ordinal)
        || ourName.EndsWith("position_ids", StringComparison.Ordinal);
}
