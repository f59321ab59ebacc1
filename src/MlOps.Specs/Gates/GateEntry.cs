using MlOps.Contracts.Results;
using MlOps.Specs.Binding;

namespace MlOps.Specs.Gates;

/// <summary>One <c>gates[i]</c> mapping being bound, with what every kind reads the same way.</summary>
/// <param name="Subject">The checked value of the kind's key (the metric); null when it was invalid.</param>
/// <param name="HasForgettingData">Whether the spec names original-task data (evaluation.forgetting).</param>
/// <param name="Runs">How many runs training.repeats / training.seeds asks for (1 without them).</param>
internal sealed record GateEntry(SpecContext Context, MappingReader Reader, string? Subject, Severity Severity, bool HasForgettingData, int Runs = 1);
