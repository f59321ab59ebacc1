namespace MlOps.Core.Models;

/// <summary>What a model is built for: its input sample shape, class count and layer options.</summary>
public sealed record ModelShape(int[] SampleShape, int ClassCount, IReadOnlyList<int> Hidden, double Dropout)
{
    public int InputSize => SampleShape.Aggregate(1, (a, b) => a * b);

    /// <summary>The checkpoint's architecture description (config.json), when it has one.</summary>
    public ModelConfig? Config { get; init; }
}
