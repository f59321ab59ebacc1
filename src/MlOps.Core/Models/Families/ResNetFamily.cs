using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Transformers;
using MlOps.Core.Models.Vision;
using MlOps.Specs.Model;

namespace MlOps.Core.Models.Families;

/// <summary><c>resnet18</c>, <c>resnet50</c>: torchvision's definitions; <c>auto</c> from a timm folder's config.json.</summary>
internal sealed class ResNetFamily : ModelFamilyBuilder
{
    public override string Key => "resnet";

    public override IReadOnlyList<string> Names { get; } = [.. ResNetVariant.All.Select(v => v.Name)];

    public override FineTuneModule Create(string name, ModelShape shape) =>
        new ResNetModel(ResNetVariant.Find(name) ?? throw new ArgumentException($"not a ResNet variant: {name}", nameof(name)), shape);

    public override ResolvedBase? Resolve(BaseModelSpec spec, ModelMetadata? metadata, SourceLocation where) =>
        spec.Model == BaseModelSpec.AutoModel && spec.Checkpoint is { } checkpoint && ResNetArchitecture.Resolve(checkpoint, where) is { } name
            ? new ResolvedBase(name, null)
            : null;
}
