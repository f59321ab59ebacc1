using MlOps.Contracts.Metrics;
using MlOps.Specs.Binding;
using MlOps.Specs.Gates;
using MlOps.Specs.Model;
using MlOps.Specs.Objectives;
using MlOps.Specs.Yaml;

namespace MlOps.Specs.Checks;

/// <summary>
/// Settings that only make sense for one training objective: every metric a spec names must be one
/// its objective computes, and the objective checks its own rules (<see cref="ObjectiveDefinition"/>).
/// </summary>
internal static class ObjectiveChecks
{
    public static void Check(SpecContext ctx, FineTuneSpec spec, YNode root)
    {
        var objective = TrainingObjectives.Of(spec.Training.Objective);
        MetricFamily(ctx, root, objective);
        objective.Check(ctx, spec, root);
    }

    /// <summary>evaluation.metrics, the metric of every gate kind that names one, early_stopping.metric: one family per objective.</summary>
    private static void MetricFamily(SpecContext ctx, YNode root, ObjectiveDefinition objective)
    {
        var family = objective.Metrics;
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
                    $"'{s.Value}' is not computed when training.objective is {objective.Name}{Suggestions.DidYouMean(name, family)} (use one of: {string.Join(", ", family)})",
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
                foreach (var key in GateKinds.All.Where(k => k.SubjectIsMetric).Select(k => k.Key))
                {
                    if (YPath.Find(gate, key) is { } node)
                    {
                        yield return node;
                    }
                }
            }
        }
        if (YPath.Find(root, "evaluation", "forgetting", "metric") is { } forgetting)
        {
            yield return forgetting;
        }
        if (YPath.Find(root, "training", "early_stopping", "metric") is { } monitor)
        {
            yield return monitor;
        }
    }
}
