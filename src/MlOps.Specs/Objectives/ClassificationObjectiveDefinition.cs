using MlOps.Contracts.Metrics;
using MlOps.Specs.Model;

namespace MlOps.Specs.Objectives;

/// <summary><c>classification</c> (the default): cross-entropy on the labels, classification metrics.</summary>
internal sealed class ClassificationObjectiveDefinition : ObjectiveDefinition
{
    public override TrainingObjective Objective => TrainingObjective.Classification;

    public override string Name => "classification";

    public override IReadOnlyList<string> Metrics => MetricNames.Classification;
}
