using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Transformers;
using MlOps.Specs.Model;

namespace MlOps.Core.Models.Checkpoints;

/// <summary>
/// Where a family defined by a Hugging Face config.json (the decoders, the speech encoders) reads that
/// config for base: the checkpoint folder's config.json, the config a model MlOps saved keeps in its
/// metadata, or base.config alone (from scratch). One rule for every such family, so that
/// <c>base.model: auto</c> claims a checkpoint by its <c>model_type</c> the same way everywhere.
/// </summary>
internal sealed record FamilyConfigSource(string Path, string? SavedJson)
{
    /// <summary>
    /// Null when the family does not claim this base: another family's name, or under auto a config
    /// whose model_type is not one of <paramref name="names"/>. A name of ours with no config to read
    /// is <paramref name="configRequiredCode"/>.
    /// </summary>
    public static FamilyConfigSource? Find(BaseModelSpec spec, ModelMetadata? metadata, SourceLocation where, IReadOnlyCollection<string> names, string configRequiredCode)
    {
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
            return new(spec.Checkpoint!, json);
        }
        else if (spec.Checkpoint is null && spec.Config is { } configPath)
        {
            source = configPath;
        }
        if (source is null)
        {
            return mine
                ? throw new MlOpsException(Diagnostic.Error(configRequiredCode,
                    $"base.model '{spec.Model}' is built from a config.json: set base.checkpoint to a Hugging Face model folder (config.json and weights), an hf:// model, or a model MlOps saved from one",
                    where))
                : null;
        }
        if (auto && (ModelType(source) is not { } type || !names.Contains(type)))
        {
            return null; // another family's checkpoint, or one that no family claims (reported later)
        }
        return new(source, null);
    }

    /// <summary>The settled base; a base.model that names another model than the config describes is <paramref name="mismatchCode"/>.</summary>
    public ResolvedBase Resolved(BaseModelSpec spec, ModelConfig config, SourceLocation where, string mismatchCode)
    {
        if (spec.Model != BaseModelSpec.AutoModel && spec.Model != config.ModelType)
        {
            throw new MlOpsException(Diagnostic.Error(mismatchCode,
                $"base.model is '{spec.Model}', but '{Path}' describes a {config.ModelType} model: set base.model to {config.ModelType} or auto",
                where));
        }
        return new ResolvedBase(config.ModelType, config);
    }

    private static string? ModelType(string configPath)
    {
        try
        {
            return File.Exists(configPath) && JsonNode.Parse(File.ReadAllText(configPath))?["model_type"] is JsonValue v && v.TryGetValue<string>(out var type)
                ? type.ToLowerInvariant()
                : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
