using System.Text.Json.Nodes;
using MlOps.Specs;
using MlOps.Specs.Model;
using MlOps.Specs.Objectives;
using MlOps.Tests.Shared;

namespace MlOps.Core.Tests.Kinds;

/// <summary>Every training objective has one spec half, whose name and metric family the checks use.</summary>
public sealed class ObjectiveRegistrationTests
{
    [Fact]
    public void Every_objective_has_one_definition_with_a_distinct_name_and_some_metrics()
    {
        Assert.Equal(Enum.GetValues<TrainingObjective>(), TrainingObjectives.All.Select(o => o.Objective).Order());
        Assert.Equal(TrainingObjectives.All.Count, TrainingObjectives.All.Select(o => o.Name).Distinct().Count());
        Assert.All(TrainingObjectives.All, o => Assert.NotEmpty(o.Metrics));
    }

    [Fact]
    public void The_JSON_Schema_offers_exactly_the_registered_objective_names()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(SourceTree.Root, "schema", SpecSchema.FileName)))!;
        var names = schema["properties"]!["training"]!["properties"]!["objective"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>());
        Assert.Equal(TrainingObjectives.All.Select(o => o.Name), names);
    }
}
