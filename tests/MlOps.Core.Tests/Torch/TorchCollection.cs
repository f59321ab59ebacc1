namespace MlOps.Core.Tests.Torch;

/// <summary>
/// Torch's random generator and thread count are process-wide: two trainings running at once
/// would draw each other's dropout masks. Tests that assert bit-identical training run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "torch (runs alone)";
}
