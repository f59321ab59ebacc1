using MlOps.Contracts.Results;
using MlOps.Specs.Binding;

namespace MlOps.Specs.Gates;

/// <summary>One <c>gates[i]</c> mapping being bound, with what every kind reads the same way.</summary>
/// <param name="Subject">The checked value of the kind's key (the metric); null when it was invalid.</param>
/// <param name="HasForgettingData">Whether the spec names original-task data (evaluation.forgetting).</param>
/// <param name="Runs">How many runs training.repeats / training.seeds asks for (1 without them).</param>
/// <param name="HasTest">Whether the data has a test split (data.test or data.split.test): then gates read it unless they name another split.</param>
internal sealed record GateEntry(SpecContext Context, MappingReader Reader, string? Subject, Severity Severity, bool HasForgettingData, int Runs = 1, bool HasTest = false)
{
    /// <summary>The split a gate is judged on when it names none: test when there is one (validation chose the epoch), else validation.</summary>
    public string JudgedSplit => HasTest ? "test" : "validation";
}
