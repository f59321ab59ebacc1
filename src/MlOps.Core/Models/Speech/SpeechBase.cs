using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Transformers;
using MlOps.Specs.Model;

namespace MlOps.Core.Models.Speech;

/// <summary>
/// Settles base.model for the speech encoders from what the checkpoint says: a Hugging Face folder's
/// config.json (<c>model_type</c> wav2vec2 or hubert), the config a model MlOps saved keeps in its
/// metadata, or base.config alone. <c>auto</c> takes the model_type when it is one of ours; a
/// base.model that disagrees with the config is refused.
/// </summary>
public static class SpeechBase
{
    /// <summary>Null when the checkpoint is not a speech encoder's (another family may claim it).</summary>
    public static ResolvedBase? Resolve(BaseModelSpec spec, ModelMetadata? metadata, SourceLocation where)
    {
        if (FamilyConfigSource.Find(spec, metadata, where, SpeechModels.Names, SpeechErrorCodes.ConfigRequired) is not { } found)
        {
            return null;
        }
        var config = found.SavedJson is { } json ? SpeechConfig.Parse(json, found.Path, where) : SpeechConfig.Read(found.Path, where);
        return found.Resolved(spec, new ModelConfig(config.ModelName, config.Json, found.Path), where, SpeechErrorCodes.ModelTypeMismatch);
    }
}
