using System.Text.Json;
using System.Text.Json.Nodes;
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
        var names = SpeechModels.Names;
        var auto = spec.Model == BaseModelSpec.AutoModel;
        var mine = names.Contains(spec.Model);
        if (!auto && !mine)
        {
            return null;
        }
        string? source = null;
        if (spec.Checkpoint is { } checkpoint && HfCheckpointFolder.IsFolder(checkpoint))
        {
            source = HfCheckpointFolder.ConfigPath(checkpoint);
        }
        else if (metadata?.ConfigJson is { } json && names.Contains(metadata.Architecture))
        {
            return Resolved(spec, SpeechConfig.Parse(json, spec.Checkpoint!, where), spec.Checkpoint!, where);
        }
        else if (spec.Checkpoint is null && spec.Config is { } configPath)
        {
            source = configPath;
        }
        if (source is null)
        {
            return mine
                ? throw new MlOpsException(Diagnostic.Error(SpeechErrorCodes.ConfigRequired,
                    $"base.model '{spec.Model}' is built from a config.json: set base.checkpoint to a Hugging Face model folder (config.json and weights), an hf:// model, or a model MlOps saved from one",
                    where))
                : null;
        }
        if (auto && (ModelType(source) is not { } type || SpeechConfig.KindOf(type) is null))
        {
            return null; // another family's checkpoint, or one that no family claims (reported later)
        }
        return Resolved(spec, SpeechConfig.Read(source, where), source, where);
    }

    private static ResolvedBase Resolved(BaseModelSpec spec, SpeechConfig config, string source, SourceLocation where)
    {
        if (spec.Model != BaseModelSpec.AutoModel && spec.Model != config.ModelName)
        {
            throw new MlOpsException(Diagnostic.Error(SpeechErrorCodes.ModelTypeMismatch,
                $"base.model is '{spec.Model}', but '{source}' describes a {config.ModelName} model: set base.model to {config.ModelName} or auto",
                where));
        }
        return new ResolvedBase(config.ModelName, new ModelConfig(config.ModelName, config.Json, source));
    }

    private static string? ModelType(string configPath)
    {
        try
        {
            return File.Exists(configPath) && JsonNode.Parse(File.ReadAllText(configPath))?["model_type"] is JsonValue v && v.TryGetValue<string>(out var type)
                ? type
                : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
