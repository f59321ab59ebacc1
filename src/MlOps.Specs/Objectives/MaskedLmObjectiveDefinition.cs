using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Metrics;
using MlOps.Specs.Binding;
using MlOps.Specs.Gates;
using MlOps.Specs.Model;
using MlOps.Specs.Yaml;

namespace MlOps.Specs.Objectives;

/// <summary>
/// <c>masked_lm</c>: pretraining on text. It has no labels, so no classes, no per-group
/// predictions and no original head to forget with.
/// </summary>
internal sealed class MaskedLmObjectiveDefinition : ObjectiveDefinition
{
    public override TrainingObjective Objective => TrainingObjective.MaskedLm;

    public override string Name => "masked_lm";

    public override IReadOnlyList<string> Metrics => MetricNames.MaskedLm;

    public override IReadOnlyList<string>? DefaultMetrics => MetricNames.MaskedLm;

    internal override void Check(SpecContext ctx, FineTuneSpec spec, YNode root)
    {
        var objective = YPath.Find(root, "training", "objective")!;
        if (YPath.Find(root, "data", "text") is null)
        {
            ctx.Error(SpecErrorCodes.ObjectiveMismatch,
                "training.objective: masked_lm pretrains on text: set data.text to the column that holds it", objective);
        }
        Forbid(ctx, root, ["bias"], "bias checks need class predictions, which masked-LM pretraining does not make: move them to the fine-tuning spec");
        Forbid(ctx, root, ["evaluation", "forgetting"], "forgetting is measured with the original classifier head: use it in the fine-tuning spec");
        Forbid(ctx, root, ["adapter"], "LoRA adapters fine-tune a pretrained encoder: pretrain all of it here, and put the adapter in the fine-tuning spec");
        Forbid(ctx, root, ["data", "sensitive"], "sensitive attributes serve bias checks, which masked-LM pretraining does not have: remove data.sensitive");
        foreach (var gate in spec.Gates.Where(g => GateKinds.Of(g.Kind).ComparesWithBaseModel(g)))
        {
            ctx.Diagnostics.Add(Diagnostic.Error(SpecErrorCodes.ObjectiveMismatch,
                "masked-LM pretraining has no baseline model or original task to compare with: gate on masked_accuracy or perplexity (min/max, against: champion)",
                gate.Location));
        }
    }

    private static void Forbid(SpecContext ctx, YNode root, string[] path, string message)
    {
        if (YPath.Find(root, path) is { } node)
        {
            ctx.Error(SpecErrorCodes.ObjectiveMismatch, $"'{string.Join('.', path)}': {message}", node);
        }
    }
}
