namespace MlOps.Core.Models.Vision;

/// <summary>Stable codes for ResNet checkpoints (MLOPS340–344).</summary>
public static class ResNetErrorCodes
{
    /// <summary>The checkpoint's config.json names a ResNet that MlOps does not build (or Hugging Face transformers' ResNet, whose names are not torchvision's).</summary>
    public const string UnsupportedArchitecture = "MLOPS340";
    /// <summary>A ResNet checkpoint folder holds no weights file (model.safetensors or pytorch_model.bin).</summary>
    public const string NoWeightsInFolder = "MLOPS341";
}
