using System.Text.Json.Serialization;
using MlOps.Contracts.Diagnostics;

namespace MlOps.Specs.Model;

public enum SweepMethod
{
    /// <summary>Every combination of the parameters' values (the cartesian product).</summary>
    Grid,
    /// <summary>A seeded sample of <see cref="SweepSpec.Trials"/> combinations from the grid, without replacement.</summary>
    Random,
}

/// <summary>
/// `sweep:` — the spec trained once per combination of the listed parameter values (a trial); the
/// trial with the best validation <see cref="Metric"/> wins and is the run's model and verdict.
/// </summary>
public sealed record SweepSpec
{
    public SweepMethod Method { get; init; } = SweepMethod.Grid;
    /// <summary>random: how many trials to sample; null for grid.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Trials { get; init; }
    /// <summary>random: the sampling seed; null: the spec's seed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Seed { get; init; }
    /// <summary>The validation metric the winner is picked by (its direction: losses lower, the rest higher).</summary>
    public required string Metric { get; init; }
    /// <summary>Parameter path → the values to try, in written order.</summary>
    public required IReadOnlyList<SweepParameter> Parameters { get; init; }
    [JsonIgnore]
    public SourceLocation? Location { get; init; }
}

/// <summary>One swept parameter: its spec path (e.g. <c>training.optimizer.lr</c>) and the values to try.</summary>
public sealed record SweepParameter(string Path, IReadOnlyList<double> Values);
