using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Metrics;
using MlOps.Specs.Binding;
using MlOps.Specs.Gates;
using MlOps.Specs.Model;
using MlOps.Specs.Yaml;

namespace MlOps.Specs.Checks;

/// <summary>
/// Settings that only make sense for one training objective. Masked-LM pretraining has no labels,
/// so no classes, no per-group predictions and no original head to forget with.
/// </summary>
internal static class ObjectiveChecks
{
    public static void Check(SpecContext ctx, FineTuneSpec spec, YNode root)
    {
        var maskedLm = spec.Training.Objective == TrainingObjective.MaskedLm;
        MetricFamily(ctx, root, maskedLm);
        if (!maskedLm)
        {
            return;
        }
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

    /// <summary>evaluation.metrics, gates[].metric/overfit/forgetting, early_stopping.metric: one family per objective.</summary>
    private static void MetricFamily(SpecContext ctx, YNode root, bool maskedLm)
    {
        var family = maskedLm ? MetricNames.MaskedLm : MetricNames.Classification;
        var objective = maskedLm ? "masked_lm" : "classification";
        foreach (var node in MetricNodes(root))
        {
            if (node is not YScalar s)
            {
                continue;
            }
            var name = s.Value.StartsWith("val_", StringComparison.Ordinal) ? s.Value[4..] : s.Value;
            if (MetricNames.Known.Contains(name) && !family.Contains(name) && name != MetricNames.Loss)
            {
                ctx.Error(SpecErrorCodes.MetricNotForObjective,
                    $"'{s.Value}' is not computed when training.objective is {objective}{Suggestions.DidYouMean(name, family)} (use one of: {string.Join(", ", family)})",
                    node);
            }
        }
    }

    private static IEnumerable<YNode> MetricNodes(YNode root)
    {
        if (YPath.Find(root, "evaluation", "metrics") is YSequence metrics)
        {
            foreach (var item in metrics.Items)
            {
                yield return item;
            }
        }
        if (YPath.Find(root, "gates") is YSequence gates)
        {
            foreach (var gate in gates.Items)
            {
                foreach (var key in new[] { "metric", "overfit", "forgetting" })
                {
                    if (YPath.Find(gate, key) is { } node)
                    {
                        yield return node;
                    }
                }
            }
        }
        if (YPath.Find(root, "training", "early_stopping", "metric") is { } monitor)
        {
            yield return monitor;
        }
    }
}
