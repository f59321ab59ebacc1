using MlOps.Specs.Model;

namespace MlOps.Specs.Objectives;

/// <summary>Every <c>training.objective</c> the spec language knows, in documentation order (docs/extending.md).</summary>
public static class TrainingObjectives
{
    public static readonly IReadOnlyList<ObjectiveDefinition> All =
    [
        new ClassificationObjectiveDefinition(),
        new MaskedLmObjectiveDefinition(),
        new CausalLmObjectiveDefinition(),
    ];

    public static ObjectiveDefinition Of(TrainingObjective objective) =>
        All.FirstOrDefault(d => d.Objective == objective) ?? throw new ArgumentOutOfRangeException(nameof(objective), objective, "no objective definition is registered in TrainingObjectives.All");
}
