namespace MlOps.Core.Models.Speech;

/// <summary>
/// Hugging Face tensor names to ours and back. The encoder (<c>wav2vec2.</c>, <c>hubert.</c>, or no
/// prefix when the bare Wav2Vec2Model / HubertModel was saved) is our <c>backbone.</c>, the
/// <c>classifier</c> our <c>head</c>; <c>projector</c> and <c>layer_weights</c> keep their names.
/// The positional conv's weight norm is saved as <c>weight_g</c>/<c>weight_v</c> (older files) or
/// <c>parametrizations.weight.original0</c>/<c>original1</c> (torch's parametrizations, newer
/// files); both load, and ours (and saved adapters) use the older spelling, which transformers reads too.
/// </summary>
public static class SpeechNames
{
    private static readonly string[] BareEncoderParts = ["feature_extractor.", "feature_projection.", "encoder.", "masked_spec_embed"];

    /// <summary>Pretraining and other heads' tensors a classifier does not use (reported, not loaded); masked_spec_embed only when the config masks nothing.</summary>
    private static readonly string[] NotUsedPrefixes =
        ["backbone.masked_spec_embed", "quantizer.", "project_q.", "project_hid.", "final_proj.", "label_embs_concat", "lm_head.", "dropout_features."];

    public static string ToOurs(SpeechConfig config, string hubName)
    {
        var name = hubName
            .Replace(".parametrizations.weight.original0", ".weight_g", StringComparison.Ordinal)
            .Replace(".parametrizations.weight.original1", ".weight_v", StringComparison.Ordinal);
        if (name.StartsWith(config.HubPrefix, StringComparison.Ordinal))
        {
            return "backbone." + name[config.HubPrefix.Length..];
        }
        if (name.StartsWith("classifier.", StringComparison.Ordinal))
        {
            return "head." + name["classifier.".Length..];
        }
        return BareEncoderParts.Any(p => name.StartsWith(p, StringComparison.Ordinal)) ? "backbone." + name : name;
    }

    public static string ToHub(SpeechConfig config, string ourName) =>
        ourName.StartsWith("backbone.", StringComparison.Ordinal) ? config.HubPrefix + ourName["backbone.".Length..]
        : ourName.StartsWith("head.", StringComparison.Ordinal) ? "classifier." + ourName["head.".Length..]
        : ourName;

    public static bool IsNotUsed(string ourName) => NotUsedPrefixes.Any(p => ourName.StartsWith(p, StringComparison.Ordinal));
}
