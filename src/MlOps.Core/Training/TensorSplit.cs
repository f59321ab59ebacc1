using static TorchSharp.torch;

namespace MlOps.Core.Training;

/// <summary>
/// One split's features and labels as tensors on the training device, made once per run; batches
/// are index_select views of it (narrow in row order), so nothing is converted per batch.
/// </summary>
public sealed class TensorSplit : ISplitBatches
{
    /// <remarks>
    /// The host tensors share the arrays' memory (from_array pins them) instead of copying them: on the
    /// CPU the training tensors are the encoded arrays, so a split costs its size once, not twice. Nothing
    /// writes to a split's tensors.
    /// </remarks>
    public TensorSplit(float[] features, int[] sampleShape, long[] labels, Device device)
    {
        long[] shape = [labels.Length, .. sampleShape.Select(d => (long)d)];
        using var flat = from_array(features);
        using var hostFeatures = flat.narrow(0, 0, shape.Aggregate(1L, (a, b) => a * b)).reshape(shape);
        using var hostLabels = from_array(labels);
        Features = hostFeatures.to(device).DetachFromDisposeScope();
        Labels = hostLabels.to(device).DetachFromDisposeScope();
        Rows = labels.Length;
    }

    /// <summary>Takes ownership of tensors already on the device (e.g. precomputed features).</summary>
    public TensorSplit(Tensor features, Tensor labels)
    {
        Features = features;
        Labels = labels;
        Rows = (int)labels.shape[0];
    }

    public Tensor Features { get; }

    public Tensor Labels { get; }

    public int Rows { get; }

    public IBatchReader Read(long[]? order, int batchSize, int firstBatch, BatchPass pass) => new Reader(this, order, batchSize, firstBatch);

    public void Dispose()
    {
        Features.Dispose();
        Labels.Dispose();
    }

    private sealed class Reader(TensorSplit split, long[]? order, int batchSize, int firstBatch) : IBatchReader
    {
        private readonly Tensor? orderTensor = order is null ? null : tensor(order, device: split.Features.device).DetachFromDisposeScope();
        private long start = (long)firstBatch * batchSize;

        public SplitBatch Next()
        {
            var length = Math.Min(batchSize, split.Rows - start);
            if (length <= 0)
            {
                throw new InvalidOperationException("read past the split's last batch");
            }
            SplitBatch batch;
            if (orderTensor is null)
            {
                // A copy, not a view: the view's address follows the encoded array's (any 8-byte boundary), and MKL's
                // kernels may sum in another order for another alignment; libtorch's own memory is 64-byte aligned, as
                // index_select's output and the streamed split's batches are, so every run sees the same bits.
                batch = new(split.Features.narrow(0, start, length).clone(), split.Labels.narrow(0, start, length));
            }
            else
            {
                var selected = orderTensor.narrow(0, start, length);
                batch = new(split.Features.index_select(0, selected), split.Labels.index_select(0, selected));
            }
            start += length;
            return batch;
        }

        public void Dispose() => orderTensor?.Dispose();
    }
}
