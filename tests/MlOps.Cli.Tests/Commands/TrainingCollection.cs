namespace MlOps.Cli.Tests.Commands;

/// <summary>
/// Tests that train run alone: torch's seed and thread count are process-wide, so two trainings
/// at once in the test process reseed each other and their metrics stop being reproducible.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainingCollection
{
    public const string Name = "Training (process-wide torch state)";
}
