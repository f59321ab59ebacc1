using MlOps.Specs.Model;

namespace MlOps.Specs.Binding;

/// <summary>`export:` — ONNX export with its parity check; absent: nothing is exported.</summary>
internal static class ExportBinder
{
    public static ExportSpec? Bind(SpecContext ctx, MappingReader top, TrainingObjective objective)
    {
        if (top.Mapping("export", "export") is not { } r)
        {
            return null;
        }
        var export = new ExportSpec
        {
            Onnx = r.Bool("onnx") ?? true,
            Opset = r.Int("opset", new NumberRange(ExportSpec.MinOpset, ExportSpec.MaxOpset)) ?? ExportSpec.DefaultOpset,
            Location = ctx.Loc(r.Node),
        };
        if (export.Onnx && objective == TrainingObjective.MaskedLm)
        {
            ctx.Error(SpecErrorCodes.ExportNeedsClassifier,
                "'export.onnx' exports a classifier or a causal_lm language model, and training.objective masked_lm trains neither: remove `export:` here and export the fine-tuning spec that starts from this model", r.Node);
        }
        return export;
    }
}
