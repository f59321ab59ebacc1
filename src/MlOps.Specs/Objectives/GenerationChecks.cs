using MlOps.Contracts.Metrics;
using MlOps.Specs.Binding;
using MlOps.Specs.Model;
using MlOps.Specs.Yaml;

namespace MlOps.Specs.Objectives;

/// <summary>
/// causal_lm's generation metrics exist only with evaluation.generation, after training (not per
/// epoch), and their baseline is the base checkpoint generating on the same prompts.
/// </summary>
internal static class GenerationChecks
{
    public static void Check(SpecContext ctx, FineTuneSpec spec, YNode root)
    {
        if (spec.Evaluation.Generation is null)
        {
            foreach (var gate in spec.Gates.Where(g => MetricNames.Generation.Contains(g.Metric)))
            {
                ctx.Diagnostics.Add(Contracts.Diagnostics.Diagnostic.Error(SpecErrorCodes.ObjectiveMismatch,
                    $"'{gate.Metric}' scores generated text: add evaluation.generation (e.g. {{ max_new_tokens: 32 }}) so the run generates on the validation prompts",
                    gate.Location));
            }
        }
        if (YPath.Find(root, "evaluation", "generation") is { } generation && YPath.Find(root, "data", "text") is not null)
        {
            ctx.Error(SpecErrorCodes.ObjectiveMismatch,
                "'evaluation.generation': plain text (data.text) has no prompts and reference answers to generate from: use instruction JSON Lines, or remove evaluation.generation", generation);
        }
        if (YPath.Find(root, "training", "early_stopping", "metric") is YScalar monitor
            && MetricNames.Generation.Contains(monitor.Value.StartsWith("val_", StringComparison.Ordinal) ? monitor.Value[4..] : monitor.Value))
        {
            ctx.Error(SpecErrorCodes.ObjectiveMismatch,
                $"'{monitor.Value}': text is generated once, after training, not every epoch: stop early on val_loss or val_perplexity", monitor);
        }
    }

    /// <summary>A baseline gate on a generation metric: allowed, the base model generates too (with a base checkpoint).</summary>
    public static bool ComparesGeneratedText(FineTuneSpec spec, GateSpec gate) =>
        spec.Evaluation.Generation is not null && spec.Base.Checkpoint is not null && MetricNames.Generation.Contains(gate.Metric);
}
