namespace MlOps.Core.Models.Decoders;

/// <summary>Stable codes for decoder language models (Llama, Qwen2, Mistral, GPT-2) (MLOPS370–389).</summary>
public static class DecoderErrorCodes
{
    /// <summary>A decoder's config.json is missing, not JSON, or has a size or option that is wrong or absent (named).</summary>
    public const string BadConfig = "MLOPS370";
    /// <summary>base.model names a decoder, but config.json describes another model_type.</summary>
    public const string ModelTypeMismatch = "MLOPS371";
    /// <summary>A Qwen2 sliding attention window shorter than the sequences: not computed here (Mistral's is).</summary>
    public const string SlidingWindow = "MLOPS372";
    /// <summary>config.json asks for a rope_scaling type other than linear and llama3.</summary>
    public const string RopeScaling = "MLOPS373";
    /// <summary>A decoder was asked for without a config (no base.checkpoint folder, no base.config).</summary>
    public const string ConfigRequired = "MLOPS374";
    /// <summary>A generation request that cannot run: a prompt longer than the model's positions, empty prompts, bad sampling settings.</summary>
    public const string BadGeneration = "MLOPS375";
}
