using MlOps.Core.Data;
using MlOps.Core.Training;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Training;

/// <summary>The per-batch seam: a streamed split reads the same batches as the in-memory one, whatever its thread count.</summary>
public sealed class StreamedSplitTests
{
    private const int Rows = 23;
    private const int Width = 3;

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Streamed_batches_equal_the_in_memory_ones_in_the_epoch_order(int workers)
    {
        var source = new Counting();
        var features = new float[Rows * Width];
        for (var r = 0; r < Rows; r++)
        {
            source.Write(r, features.AsSpan(r * Width, Width), null);
        }
        var labels = Enumerable.Range(0, Rows).Select(r => (long)(r % 3)).ToArray();
        using var memory = new TensorSplit(features, [Width], labels, CPU);
        using var streamed = new StreamedSplit(source, [Width], labels, CPU, workers, ahead: 2);
        var order = EpochOrder.Permutation(5, 2, Rows);

        // From batch 1, as a resumed epoch reads.
        using var a = memory.Read(order, 5, 1, BatchPass.Evaluation);
        using var b = streamed.Read(order, 5, 1, BatchPass.Evaluation);
        for (var batch = 1; batch < 5; batch++)
        {
            using var scope = NewDisposeScope();
            var (fa, la) = a.Next();
            var (fb, lb) = b.Next();
            Assert.Equal(fa.data<float>().ToArray(), fb.data<float>().ToArray());
            Assert.Equal(la.data<long>().ToArray(), lb.data<long>().ToArray());
        }
        Assert.Throws<InvalidOperationException>(() => b.Next());
    }

    [Fact]
    public void A_training_pass_hands_each_row_its_own_seed_and_a_fault_reaches_the_reader()
    {
        var source = new Counting();
        using var streamed = new StreamedSplit(source, [Width], new long[Rows], CPU, 3);
        using (var reader = streamed.Read(null, 8, 0, BatchPass.Training(7, 3)))
        {
            using var scope = NewDisposeScope();
            var features = reader.Next().Features.data<float>().ToArray();
            Assert.Equal(new RowAugmentation(7, 3, 1).Mixed % 1000, (ulong)features[Width + 2]);
        }
        source.FailAt = 12;
        using var failing = streamed.Read(null, 8, 0, BatchPass.Evaluation);
        using (NewDisposeScope())
        {
            failing.Next();
        }
        Assert.Equal("row 12", Assert.Throws<IOException>(() => failing.Next()).Message);
    }

    /// <summary>Row r is [r, r + 0.5, its augmentation seed mod 1000 (0 without)].</summary>
    private sealed class Counting : IRowSource
    {
        public int FailAt { get; set; } = -1;

        public void Write(int row, Span<float> target, RowAugmentation? augmentation)
        {
            if (row == FailAt)
            {
                throw new IOException($"row {row}");
            }
            target[0] = row;
            target[1] = row + 0.5f;
            target[2] = augmentation is { } key ? key.Mixed % 1000 : 0;
        }
    }
}
