namespace MlOps.Core.Models.Speech;

/// <summary>Stable codes for the wav2vec2 / HuBERT speech encoders (MLOPS390–399).</summary>
public static class SpeechErrorCodes
{
    /// <summary>A speech encoder's config.json is missing, not JSON, or has a size or option that is wrong or absent (named).</summary>
    public const string BadConfig = "MLOPS390";
    /// <summary>base.model names wav2vec2 or hubert, but config.json describes another model_type.</summary>
    public const string ModelTypeMismatch = "MLOPS391";
    /// <summary>config.json asks for a part MlOps does not compute (add_adapter, attention adapters, conv_pos_batch_norm).</summary>
    public const string UnsupportedOption = "MLOPS392";
    /// <summary>A speech encoder was asked for without a config (no base.checkpoint folder, no base.config).</summary>
    public const string ConfigRequired = "MLOPS393";
    /// <summary>preprocessor_config.json is not JSON, or asks for a sampling rate or feature size the data cannot give.</summary>
    public const string BadPreprocessor = "MLOPS394";
    /// <summary>base.freeze_feature_encoder is set (with base.model auto) but the checkpoint's model has no conv feature encoder.</summary>
    public const string FreezeNotApplicable = "MLOPS395";
    /// <summary>Training with SpecAugment time masking on clips with fewer frames than mask_time_length (transformers raises there too).</summary>
    public const string MaskLongerThanClip = "MLOPS396";
}
