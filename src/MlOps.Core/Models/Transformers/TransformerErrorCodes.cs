namespace MlOps.Core.Models.Transformers;

/// <summary>Stable codes for BERT-family models and Hugging Face folders (MLOPS320–329).</summary>
public static class TransformerErrorCodes
{
    /// <summary>config.json is missing, not JSON, or lacks a size the model needs.</summary>
    public const string BadConfig = "MLOPS320";
    /// <summary>config.json names a model_type this product cannot build (or base.model disagrees with it).</summary>
    public const string UnsupportedModelType = "MLOPS321";
    /// <summary>A Hugging Face folder has no weights (model.safetensors, its index, or pytorch_model.bin), or a shard is missing.</summary>
    public const string NoWeights = "MLOPS322";
    /// <summary>A BERT-family model was asked for without a config (no base.checkpoint folder).</summary>
    public const string ConfigRequired = "MLOPS323";
    /// <summary>Token ids in the input are outside the model's vocabulary.</summary>
    public const string TokenOutOfVocabulary = "MLOPS324";
}
