using MlOps.Core.Training;

namespace MlOps.Core.Tests.Training;

/// <summary>Length-bucketed epoch order: every row once, seeded, batches of similar lengths.</summary>
public sealed class EpochOrderTests
{
    private static int[] Lengths(int rows, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, rows).Select(_ => random.Next(3, 129))];
    }

    [Theory]
    [InlineData(1000, 16)]
    [InlineData(1003, 16)] // a short last batch
    [InlineData(5000, 8)]  // several chunks of 50 batches
    public void Every_row_comes_exactly_once_per_epoch(int rows, int batchSize)
    {
        var order = EpochOrder.For(7, 3, rows, batchSize, Lengths(rows, 1));

        Assert.Equal(Enumerable.Range(0, rows).Select(i => (long)i), order.Order());
    }

    [Fact]
    public void The_order_is_seeded_by_seed_and_epoch()
    {
        var lengths = Lengths(900, 2);

        Assert.Equal(EpochOrder.For(7, 1, 900, 16, lengths), EpochOrder.For(7, 1, 900, 16, lengths));
        Assert.NotEqual(EpochOrder.For(7, 1, 900, 16, lengths), EpochOrder.For(7, 2, 900, 16, lengths));
        Assert.NotEqual(EpochOrder.For(7, 1, 900, 16, lengths), EpochOrder.For(8, 1, 900, 16, lengths));
    }

    [Fact]
    public void Batches_hold_similar_lengths_where_a_plain_shuffle_mixes_them()
    {
        const int rows = 3200, batchSize = 32;
        var lengths = Lengths(rows, 3);

        double MeanSpread(long[] order) => Enumerable.Range(0, rows / batchSize)
            .Select(b => order.Skip(b * batchSize).Take(batchSize).Select(r => lengths[r]).ToList())
            .Average(batch => batch.Max() - batch.Min());

        var bucketed = MeanSpread(EpochOrder.For(5, 1, rows, batchSize, lengths));
        var shuffled = MeanSpread(EpochOrder.Permutation(5, 1, rows));

        Assert.True(bucketed < shuffled / 10, $"bucketed spread {bucketed}, shuffled {shuffled}");
    }

    [Fact]
    public void Batch_order_is_shuffled_not_sorted_by_length()
    {
        const int rows = 1600, batchSize = 16; // two chunks of 50 batches
        var lengths = Lengths(rows, 4);
        var order = EpochOrder.For(5, 1, rows, batchSize, lengths);

        var batchMeans = Enumerable.Range(0, rows / batchSize).Select(b => order.Skip(b * batchSize).Take(batchSize).Average(r => lengths[r])).ToList();

        Assert.NotEqual(batchMeans.Order(), batchMeans);
    }

    [Fact]
    public void Without_lengths_it_is_the_plain_seeded_permutation()
    {
        Assert.Equal(EpochOrder.Permutation(9, 4, 500), EpochOrder.For(9, 4, 500, 16, null));
    }
}
