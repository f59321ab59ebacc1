using static TorchSharp.torch;

namespace MlOps.Core.Training;

/// <summary>
/// The per-batch seam: a split as the trainer and the evaluators read it, batch by batch, on the
/// training device. <see cref="TensorSplit"/> is the in-memory implementation (the whole split is one
/// tensor; a batch is an index_select). <see cref="StreamedSplit"/> makes each batch from an
/// <see cref="Data.IRowSource"/> (decoded images, rows on disk, …) on background threads, a bounded
/// number of batches ahead, so memory does not grow with the split. <see cref="SplitBatches.Of"/>
/// picks one for an encoded split. A new kind of data only implements <see cref="Data.IRowSource"/>.
/// </summary>
public interface ISplitBatches : IDisposable
{
    int Rows { get; }

    /// <summary>
    /// A reader over the rows of <paramref name="order"/> (null: 0 … Rows−1) in batches of
    /// <paramref name="batchSize"/> (the last may be short), starting at batch <paramref name="firstBatch"/>
    /// (a resumed epoch). <paramref name="pass"/> says whether rows may be augmented.
    /// </summary>
    IBatchReader Read(long[]? order, int batchSize, int firstBatch, BatchPass pass);
}

/// <summary>One pass over a split's batches; disposing it stops any work ahead.</summary>
public interface IBatchReader : IDisposable
{
    /// <summary>The next batch on the device, made in the caller's dispose scope.</summary>
    SplitBatch Next();
}

/// <summary>A batch's inputs (rows × sample shape) and labels.</summary>
public readonly record struct SplitBatch(Tensor Features, Tensor Labels);

/// <summary>
/// Who reads: a training epoch, whose rows may be augmented (seeded by seed, epoch and row, so a
/// resumed or re-run epoch sees the same pixels whatever the thread count), or an evaluation, never augmented.
/// </summary>
public readonly record struct BatchPass(int Seed, int Epoch, bool Augment)
{
    public static BatchPass Evaluation => new(0, 0, false);

    public static BatchPass Training(int seed, int epoch) => new(seed, epoch, true);
}
