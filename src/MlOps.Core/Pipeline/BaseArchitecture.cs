using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Families;
using MlOps.Specs.Hub;
using MlOps.Specs.Model;

namespace MlOps.Core.Pipeline;

/// <summary>
/// Settles base.model before anything is built: <c>auto</c> becomes the architecture the
/// checkpoint names (the first model family that claims the checkpoint, else the model MlOps saved),
/// and the checkpoint's config travels on to the model factory.
/// </summary>
internal static class BaseArchitecture
{
    public static (FineTuneSpec Spec, ModelConfig? Config) Resolve(FineTuneSpec spec, ModelMetadata? metadata)
    {
        var where = spec.Base.Location ?? SourceLocation.None(spec.SpecPath);
        foreach (var family in ModelFamilyBuilders.All)
        {
            if (family.Resolve(spec.Base, metadata, where) is { } resolved)
            {
                return (spec with { Base = spec.Base with { Model = resolved.Model } }, resolved.Config);
            }
        }
        if (spec.Base.Model != BaseModelSpec.AutoModel)
        {
            return (spec, null);
        }
        if (metadata is not null)
        {
            return (spec with { Base = spec.Base with { Model = metadata.Architecture } }, null);
        }
        throw new MlOpsException(Diagnostic.Error(HubErrorCodes.AutoWithoutCheckpoint,
            "base.model is auto, but the checkpoint does not name its architecture: use a Hugging Face model folder whose config.json has model_type bert, distilbert, roberta, llama, mistral, qwen2 or gpt2 (or a timm resnet18/resnet50 architecture), or a .safetensors model MlOps saved, or name the model (e.g. model: bert)",
            where));
    }
}
