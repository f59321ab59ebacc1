using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Metrics;
using MlOps.Specs.Binding;
using MlOps.Specs.Gates;
using MlOps.Specs.Model;
using MlOps.Specs.Yaml;

namespace MlOps.Specs.Objectives;

/// <summary>
/// <c>causal_lm</c>: a decoder (llama, mistral, qwen2, gpt2) learns the next token, on instruction
/// JSON Lines (prompt/completion, messages, Alpaca; loss on the answers only) or on plain text
/// (<c>data.text</c>, cut into <c>training.max_length</c> blocks). No classes, so no class metrics,
/// bias checks or per-group predictions.
/// </summary>
internal sealed class CausalLmObjectiveDefinition : ObjectiveDefinition
{
    public override TrainingObjective Objective => TrainingObjective.CausalLm;

    public override string Name => "causal_lm";

    public override IReadOnlyList<string> Metrics => [.. MetricNames.CausalLm, .. MetricNames.Generation];

    public override IReadOnlyList<string>? DefaultMetrics => MetricNames.CausalLm;

    internal override void Check(SpecContext ctx, FineTuneSpec spec, YNode root)
    {
        if (YPath.Find(root, "data", "text") is null && spec.Data.Format != DataFormat.Jsonl
            && (YPath.Find(root, "data", "format") ?? YPath.Find(root, "data")) is { } format)
        {
            ctx.Error(SpecErrorCodes.ObjectiveMismatch,
                "training.objective: causal_lm reads instruction data from JSON Lines (format: jsonl; {\"prompt\",\"completion\"}, {\"messages\"} or Alpaca rows), or plain text from the column data.text names: set one of them",
                format);
        }
        Forbid(ctx, root, ["data", "label"], "a language model learns the text itself and has no label column: remove data.label");
        Forbid(ctx, root, ["data", "classes"], "a language model has no classes: remove data.classes");
        Forbid(ctx, root, ["data", "max_length"], "causal_lm sequences are training.max_length tokens long (prompt and completion together): move the value there");
        Forbid(ctx, root, ["data", "sensitive"], "sensitive attributes serve the classifier bias checks, which a language model does not have: remove data.sensitive");
        foreach (var entry in (YPath.Find(root, "bias") as YSequence)?.Items.Where(e => YPath.Find(e, "counterfactual") is null) ?? [])
        {
            ctx.Error(SpecErrorCodes.ObjectiveMismatch,
                "a classifier's bias check compares class predictions, which causal_lm does not make: give the entry `counterfactual: { template, reference, groups }` (metric log_probability_gap or exact_match_gap)",
                entry);
        }
        ForgettingChecks(ctx, spec, root);
        GenerationChecks.Check(ctx, spec, root);
        foreach (var gate in spec.Gates.Where(g => GateKinds.Of(g.Kind).ComparesWithBaseModel(g) && !GenerationChecks.ComparesGeneratedText(spec, g)
            && !(g.Kind == GateKind.Forgetting && MeasuresForgetting(spec))))
        {
            ctx.Diagnostics.Add(Diagnostic.Error(SpecErrorCodes.ObjectiveMismatch,
                "a causal_lm run is not compared with its base model: gate on perplexity or loss (min/max, or against: champion)",
                gate.Location));
        }
    }

    /// <summary>Forgetting of a language model: the base and fine-tuned perplexity on general text (`text:`), so it needs the base checkpoint.</summary>
    private static void ForgettingChecks(SpecContext ctx, FineTuneSpec spec, YNode root)
    {
        if (YPath.Find(root, "evaluation", "forgetting") is not { } node || spec.Evaluation.Forgetting is not { } forgetting)
        {
            return;
        }
        if (!forgetting.PlainText)
        {
            ctx.Error(SpecErrorCodes.ObjectiveMismatch,
                "'evaluation.forgetting': a language model's forgetting is its perplexity on general text: write `evaluation.forgetting: { text: general.txt }` (a classifier's original-task `data:` does not apply)", node);
        }
        else if (spec.Base.Checkpoint is null)
        {
            ctx.Error(SpecErrorCodes.ObjectiveMismatch,
                "'evaluation.forgetting': forgetting compares the fine-tuned model with its base model, and a run from base.config starts from random weights: set base.checkpoint, or remove evaluation.forgetting", node);
        }
    }

    private static bool MeasuresForgetting(FineTuneSpec spec) => spec.Evaluation.Forgetting is { PlainText: true } && spec.Base.Checkpoint is not null;

    private static void Forbid(SpecContext ctx, YNode root, string[] path, string message)
    {
        if (YPath.Find(root, path) is { } node)
        {
            ctx.Error(SpecErrorCodes.ObjectiveMismatch, $"'{string.Join('.', path)}': {message}", node);
        }
    }
}
