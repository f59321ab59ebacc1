using MlOps.Contracts.Metrics;
using MlOps.Specs.Binding;
using MlOps.Specs.Model;
using MlOps.Specs.Yaml;

namespace MlOps.Specs.Objectives;

/// <summary><c>classification</c> (the default): cross-entropy on the labels, classification metrics.</summary>
internal sealed class ClassificationObjectiveDefinition : ObjectiveDefinition
{
    public override TrainingObjective Objective => TrainingObjective.Classification;

    public override string Name => "classification";

    public override IReadOnlyList<string> Metrics => MetricNames.Classification;

    internal override void Check(SpecContext ctx, FineTuneSpec spec, YNode root)
    {
        if (spec.Evaluation.Forgetting is { PlainText: true } && YPath.Find(root, "evaluation", "forgetting", "text") is { } text)
        {
            ctx.Error(SpecErrorCodes.ObjectiveMismatch,
                "'evaluation.forgetting.text': perplexity on general text measures a language model (training.objective: causal_lm); a classifier's forgetting is scored on its original task: `evaluation.forgetting: { data: <path>, metric: accuracy }`", text);
        }
        foreach (var entry in spec.Bias.Where(b => b.Counterfactual is not null))
        {
            ctx.Diagnostics.Add(Contracts.Diagnostics.Diagnostic.Error(SpecErrorCodes.ObjectiveMismatch,
                "counterfactual bias entries score a generative model (training.objective: causal_lm); a classifier's bias entries name a data.sensitive attribute and a Fairlearn metric",
                entry.Location));
        }
    }
}
