using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Decoders;
using MlOps.Core.Models.Transformers;
using MlOps.Specs.Model;

namespace MlOps.Core.Models.Families;

/// <summary><c>llama</c>, <c>mistral</c>, <c>qwen2</c>: one decoder computation (Models/Decoders), built from the checkpoint's config.json.</summary>
internal sealed class LlamaFamily : ModelFamilyBuilder
{
    public override string Key => "llama";

    public override IReadOnlyList<string> Names => DecoderKinds.LlamaNames;

    public override FineTuneModule Create(string name, ModelShape shape) => DecoderModels.Classifier(name, shape);

    public override ResolvedBase? Resolve(BaseModelSpec spec, ModelMetadata? metadata, SourceLocation where) =>
        DecoderBase.Resolve(spec, metadata, where, Names);
}
