using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Specs.Model;

namespace MlOps.Core.Models.Transformers;

/// <summary>base.model after <c>auto</c> is resolved, and the checkpoint's config when it has one.</summary>
public sealed record ResolvedBase(string Model, ModelConfig? Config);

/// <summary>
/// Reads what a BERT-family checkpoint says about its architecture: <c>config.json</c> in a
/// Hugging Face folder, or the config a model saved by MlOps keeps in its metadata. Resolves
/// <c>base.model: auto</c> from it and refuses a base.model that disagrees with it.
/// </summary>
public static class TransformerBase
{
    public const string Auto = BaseModelSpec.AutoModel;

    /// <summary>Null when the checkpoint is not a BERT-family one (another architecture resolves it).</summary>
    public static ResolvedBase? Resolve(BaseModelSpec spec, ModelMetadata? metadata, SourceLocation where)
    {
        var family = spec.Model == Auto || TransformerModels.Names.Contains(spec.Model);
        TransformerConfig? config = null;
        string? source = null;
        if (spec.Checkpoint is { } path && HfCheckpointFolder.IsFolder(path))
        {
            source = HfCheckpointFolder.ConfigPath(path);
            if (!family && !File.Exists(source))
            {
                return null;
            }
            // Parsed whenever it belongs to us; with auto, another family's model_type is not ours to refuse.
            config = family && (spec.Model != Auto || IsBertFamilyType(source)) ? TransformerConfig.Read(source, where) : null;
        }
        else if (metadata?.ConfigJson is { } json && TransformerModels.Names.Contains(metadata.Architecture))
        {
            source = spec.Checkpoint!;
            config = TransformerConfig.Parse(json, source, where);
        }
        else if (family && spec.Checkpoint is null && spec.Config is { } configPath && (spec.Model != Auto || IsBertFamilyType(configPath)))
        {
            // With auto, a decoder's config.json (llama, gpt2, …) is the decoder families' to claim.
            source = configPath;
            config = TransformerConfig.Read(configPath, where);
        }
        else if (family && spec.Model != Auto)
        {
            throw new MlOpsException(Diagnostic.Error(TransformerErrorCodes.ConfigRequired,
                $"base.model '{spec.Model}' is built from a config.json: set base.checkpoint to a Hugging Face model folder (config.json and weights), or to a model MlOps saved from one; to start from scratch, set base.config to a config.json",
                where));
        }
        if (config is null)
        {
            return null;
        }
        if (spec.Model != Auto && spec.Model != config.ModelName)
        {
            throw new MlOpsException(Diagnostic.Error(TransformerErrorCodes.UnsupportedModelType,
                $"base.model is '{spec.Model}', but '{source}' describes a {config.ModelName} model: set base.model to {config.ModelName} or auto",
                where));
        }
        return new ResolvedBase(config.ModelName, new ModelConfig(config.ModelName, config.Json, source!));
    }

    private static bool IsBertFamilyType(string configPath)
    {
        if (!File.Exists(configPath))
        {
            return false;
        }
        try
        {
            var type = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(configPath))?["model_type"]?.GetValue<string>();
            return type is not null && TransformerConfig.KindOf(type) is not null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return false;
        }
    }
}
