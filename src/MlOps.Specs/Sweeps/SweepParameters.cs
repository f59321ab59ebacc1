using MlOps.Specs.Model;

namespace MlOps.Specs.Sweeps;

/// <summary>
/// The spec paths a sweep may vary: for each, whether it takes whole numbers, its allowed range (the
/// same as the key's own), and how a value is put into a spec. The one place to add a sweepable key.
/// </summary>
public static class SweepParameters
{
    public sealed record Kind(string Path, bool Whole, double Min, double Max, bool MinExclusive, Func<FineTuneSpec, double, FineTuneSpec> Apply);

    public static readonly IReadOnlyList<Kind> All =
    [
        new("training.optimizer.lr", Whole: false, 0, double.PositiveInfinity, MinExclusive: true,
            (s, v) => s with { Training = s.Training with { Optimizer = s.Training.Optimizer with { Lr = v } } }),
        new("training.epochs", Whole: true, 1, 10_000, MinExclusive: false,
            (s, v) => s with { Training = s.Training with { Epochs = (int)v } }),
        new("adapter.r", Whole: true, 1, 4096, MinExclusive: false,
            (s, v) => s with { Adapter = s.Adapter! with { R = (int)v } }),
    ];

    public static IReadOnlyList<string> Paths { get; } = [.. All.Select(k => k.Path)];

    public static Kind? Of(string path) => All.FirstOrDefault(k => k.Path == path);
}
