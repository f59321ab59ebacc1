using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Decoders;
using MlOps.Core.Models.Transformers;
using MlOps.Specs.Model;

namespace MlOps.Core.Models.Families;

/// <summary><c>gpt2</c>: learned positions, Conv1D weights, tied lm_head (Models/Decoders), built from the checkpoint's config.json.</summary>
internal sealed class Gpt2Family : ModelFamilyBuilder
{
    public override string Key => "gpt2";

    public override IReadOnlyList<string> Names => DecoderKinds.Gpt2Names;

    public override FineTuneModule Create(string name, ModelShape shape) => DecoderModels.Classifier(name, shape);

    public override ResolvedBase? Resolve(BaseModelSpec spec, ModelMetadata? metadata, SourceLocation where) =>
        DecoderBase.Resolve(spec, metadata, where, Names);
}
