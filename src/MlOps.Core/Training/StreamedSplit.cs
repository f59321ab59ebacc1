using System.Collections.Concurrent;
using MlOps.Core.Data;
using static TorchSharp.torch;

namespace MlOps.Core.Training;

/// <summary>
/// A split made batch by batch from an <see cref="IRowSource"/>: a producer fills each batch's rows
/// on <c>workers</c> threads and queues at most <c>ahead</c> batches, so decoding overlaps the
/// training step and memory is bounded by the queue, not the split. Every row is written from its own
/// (seed, epoch, row) key, so results do not depend on the thread count or timing.
/// </summary>
public sealed class StreamedSplit : ISplitBatches
{
    private readonly IRowSource source;
    private readonly int[] sampleShape;
    private readonly long[] labels;
    private readonly Device device;
    private readonly int workers;
    private readonly int ahead;
    private readonly int perRow;

    public StreamedSplit(IRowSource source, int[] sampleShape, long[] labels, Device device, int workers, int ahead = 4)
    {
        this.source = source;
        this.sampleShape = sampleShape;
        this.labels = labels;
        this.device = device;
        this.workers = Math.Max(1, workers);
        this.ahead = Math.Max(1, ahead);
        perRow = sampleShape.Aggregate(1, (a, b) => a * b);
    }

    public int Rows => labels.Length;

    public IBatchReader Read(long[]? order, int batchSize, int firstBatch, BatchPass pass) => new Reader(this, order, batchSize, firstBatch, pass);

    public void Dispose()
    {
        // Nothing held: each reader owns its queue and threads.
    }

    private float[] Fill(long[] rows, BatchPass pass, CancellationToken cancel)
    {
        var features = new float[rows.Length * perRow];
        try
        {
            Parallel.For(0, rows.Length, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancel }, i =>
            {
            var row = (int)rows[i];
            source.Write(row, features.AsSpan(i * perRow, perRow), pass.Augment ? new RowAugmentation(pass.Seed, pass.Epoch, row) : null);
        });
        }
        catch (AggregateException e)
        {
            // The row's own error (e.g. which file is unreadable), not the thread pool's wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return features;
    }

    private sealed class Reader : IBatchReader
    {
        private readonly StreamedSplit split;
        private readonly BlockingCollection<(long[] Rows, float[] Features)> queue;
        private readonly CancellationTokenSource stop = new();
        private readonly Task producer;

        public Reader(StreamedSplit split, long[]? order, int batchSize, int firstBatch, BatchPass pass)
        {
            this.split = split;
            queue = new(split.ahead);
            var rows = split.Rows;
            producer = Task.Run(() =>
            {
                try
                {
                    for (var start = (long)firstBatch * batchSize; start < rows && !stop.IsCancellationRequested; start += batchSize)
                    {
                        var length = (int)Math.Min(batchSize, rows - start);
                        var batchRows = new long[length];
                        for (var i = 0; i < length; i++)
                        {
                            batchRows[i] = order?[start + i] ?? start + i;
                        }
                        queue.Add((batchRows, split.Fill(batchRows, pass, stop.Token)), stop.Token);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // Disposed before the pass ended.
                }
                finally
                {
                    queue.CompleteAdding();
                }
            });
        }

        public SplitBatch Next()
        {
            if (!queue.TryTake(out var batch, Timeout.Infinite))
            {
                // The producer ended early: its fault (e.g. an unreadable file) is the reason.
                producer.GetAwaiter().GetResult();
                throw new InvalidOperationException("read past the split's last batch");
            }
            long[] shape = [batch.Rows.Length, .. split.sampleShape.Select(d => (long)d)];
            var labels = new long[batch.Rows.Length];
            for (var i = 0; i < labels.Length; i++)
            {
                labels[i] = split.labels[batch.Rows[i]];
            }
            // Copied into libtorch's own (64-byte aligned) memory, as index_select gives the in-memory split:
            // MKL's kernels may sum in another order for another alignment, and a streamed run must give the same bits.
            using var host = from_array(batch.Features).reshape(shape);
            var features = host.clone();
            var labelTensor = tensor(labels);
            return split.device.type == TorchSharp.DeviceType.CPU ? new(features, labelTensor) : new(features.to(split.device), labelTensor.to(split.device));
        }

        public void Dispose()
        {
            stop.Cancel();
            // Unblocks a producer waiting for room in the queue.
            while (queue.TryTake(out _))
            {
            }
            try
            {
                producer.Wait();
            }
            catch (AggregateException)
            {
                // A fault after the consumer stopped reading has no one to report to.
            }
            queue.Dispose();
            stop.Dispose();
        }
    }
}
