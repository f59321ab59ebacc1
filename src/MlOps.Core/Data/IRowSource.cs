namespace MlOps.Core.Data;

/// <summary>
/// Rows whose features are made when a batch needs them (decoded images, rows read back from disk)
/// instead of being held in <see cref="EncodedSplit.Features"/>. Called from several threads at once,
/// for different rows: an implementation keeps no mutable state between calls. The trainer's side
/// is MlOps.Core.Training.StreamedSplit.
/// </summary>
public interface IRowSource
{
    /// <summary>Writes row <paramref name="row"/>'s features (its sample shape, row-major) into <paramref name="target"/>.</summary>
    /// <param name="augmentation">A training epoch's seed for this row, or null (evaluation: the deterministic features only).</param>
    void Write(int row, Span<float> target, RowAugmentation? augmentation);
}

/// <summary>
/// The seed of one row's random augmentation in one epoch: a function of (seed, epoch, row) only,
/// so a re-run, a resume or another thread count gives the same pixels.
/// </summary>
public readonly record struct RowAugmentation(int Seed, int Epoch, int Row)
{
    /// <summary>A well-mixed 64-bit seed (SplitMix64 over the three values).</summary>
    public ulong Mixed
    {
        get
        {
            var z = unchecked(((ulong)(uint)Seed << 32 | (uint)Epoch) * 0x9E3779B97F4A7C15UL + (ulong)(uint)Row);
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            return z ^ (z >> 31);
        }
    }
}
