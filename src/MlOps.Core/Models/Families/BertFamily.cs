using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Transformers;
using MlOps.Specs.Model;

namespace MlOps.Core.Models.Families;

/// <summary><c>bert</c>, <c>distilbert</c>, <c>roberta</c>: built from the checkpoint's config.json (<see cref="TransformerBase"/>).</summary>
internal sealed class BertFamily : ModelFamilyBuilder
{
    public override string Key => "bert";

    public override IReadOnlyList<string> Names => TransformerModels.Names;

    public override FineTuneModule Create(string name, ModelShape shape) =>
        TransformerModels.Classifier(shape, TransformerConfig.KindOf(name) ?? throw new ArgumentException($"not a BERT-family model: {name}", nameof(name)));

    public override ResolvedBase? Resolve(BaseModelSpec spec, ModelMetadata? metadata, SourceLocation where) =>
        TransformerBase.Resolve(spec, metadata, where);
}
