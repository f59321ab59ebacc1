namespace MlOps.Core.Models;

/// <summary>
/// An architecture description that came with the checkpoint (a Hugging Face <c>config.json</c>,
/// or the copy MlOps keeps in a saved model's metadata): its <c>model_type</c> and the JSON text,
/// which the registry's factory for that architecture parses.
/// </summary>
public sealed record ModelConfig(string ModelType, string Json, string Source);
