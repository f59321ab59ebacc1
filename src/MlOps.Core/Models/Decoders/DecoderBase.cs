using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Transformers;
using MlOps.Specs.Model;

namespace MlOps.Core.Models.Decoders;

/// <summary>
/// Settles base.model for a decoder family from what the checkpoint says: a Hugging Face folder's
/// config.json (<c>model_type</c>), the config a model MlOps saved keeps in its metadata, or
/// base.config alone. <c>auto</c> takes the model_type when it is one of the family's names; a
/// base.model that disagrees with the config is refused.
/// </summary>
public static class DecoderBase
{
    /// <summary>Null when the checkpoint is not one of <paramref name="names"/> (another family may claim it).</summary>
    public static ResolvedBase? Resolve(BaseModelSpec spec, ModelMetadata? metadata, SourceLocation where, IReadOnlyList<string> names)
    {
        if (FamilyConfigSource.Find(spec, metadata, where, names, DecoderErrorCodes.ConfigRequired) is not { } found)
        {
            return null;
        }
        var config = found.SavedJson is { } json ? DecoderConfig.Parse(json, found.Path, where) : DecoderConfig.Read(found.Path, where);
        return found.Resolved(spec, new ModelConfig(config.ModelName, config.Json, found.Path), where, DecoderErrorCodes.ModelTypeMismatch);
    }
}
