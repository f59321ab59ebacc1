namespace MlOps.Core.Models.Decoders;

/// <summary>Stable codes for training a decoder language model (training.objective: causal_lm) (MLOPS376–379).</summary>
public static class CausalLmErrorCodes
{
    /// <summary>causal_lm without a decoder config: no base.config, and base.checkpoint is no decoder folder.</summary>
    public const string DecoderRequired = "MLOPS376";
    /// <summary>training.max_length is longer than the model's positions (max_position_embeddings / n_positions).</summary>
    public const string TooLong = "MLOPS378";
}
