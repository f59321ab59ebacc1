using MlOps.Specs.Binding;
using MlOps.Specs.Model;
using MlOps.Specs.Yaml;

namespace MlOps.Specs.Objectives;

/// <summary>
/// The spec-language half of a training objective: its <c>training.objective</c> spelling, the
/// metrics a run with it computes, and its own rules. The run half is chosen in MlOps.Core's
/// Pipeline (docs/extending.md).
/// </summary>
public abstract class ObjectiveDefinition
{
    public abstract TrainingObjective Objective { get; }

    public abstract string Name { get; }

    /// <summary>What a run with this objective computes: evaluation.metrics, gates and early stopping may name only these (and loss).</summary>
    public abstract IReadOnlyList<string> Metrics { get; }

    /// <summary>evaluation.metrics when the spec names none; null: the evaluation section's own default.</summary>
    public virtual IReadOnlyList<string>? DefaultMetrics => null;

    /// <summary>Settings that make no sense with this objective, reported at their spec lines.</summary>
    internal virtual void Check(SpecContext ctx, FineTuneSpec spec, YNode root)
    {
    }
}
