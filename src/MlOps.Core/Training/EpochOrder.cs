namespace MlOps.Core.Training;

/// <summary>
/// The order rows are visited in an epoch: a Fisher–Yates shuffle seeded by (seed, epoch), so a
/// resumed run revisits exactly the rows an uninterrupted run would. With row lengths (text), the
/// order is length-bucketed: shuffled, sorted by length within chunks of
/// <see cref="ChunkBatches"/> batches, cut into batches, and the full batches shuffled (the short
/// remainder stays last, where the trainer expects it). Batches then hold similar lengths, so a text
/// model that trims each batch to its longest row pads little, and the order is still seeded.
/// </summary>
public static class EpochOrder
{
    public const int ChunkBatches = 50;

    public static long[] Permutation(int seed, int epoch, int rows)
    {
        var random = new Random(unchecked((seed * 1_000_003) + epoch));
        var order = new long[rows];
        for (var i = 0; i < rows; i++)
        {
            order[i] = i;
        }
        Shuffle(order, random);
        return order;
    }

    /// <summary>The epoch's order for batches of <paramref name="batchSize"/>: bucketed when lengths are given.</summary>
    public static long[] For(int seed, int epoch, int rows, int batchSize, IReadOnlyList<int>? lengths)
    {
        var order = Permutation(seed, epoch, rows);
        if (lengths is null || batchSize <= 1 || rows <= batchSize)
        {
            return order;
        }
        if (lengths.Count != rows)
        {
            throw new ArgumentException($"{lengths.Count} lengths for {rows} rows", nameof(lengths));
        }
        var chunk = batchSize * ChunkBatches;
        for (var start = 0; start < rows; start += chunk)
        {
            var size = Math.Min(chunk, rows - start);
            // Stable: rows of equal length keep their shuffled order.
            var sorted = order.AsSpan(start, size).ToArray().OrderBy(row => lengths[(int)row]).ToArray();
            sorted.CopyTo(order, start);
        }
        var fullBatches = rows / batchSize;
        var batchOrder = Enumerable.Range(0, fullBatches).ToArray();
        Shuffle(batchOrder, new Random(unchecked((seed * 1_000_003) + epoch + 0x5bd1e995)));
        var result = new long[rows];
        for (var b = 0; b < fullBatches; b++)
        {
            Array.Copy(order, batchOrder[b] * batchSize, result, b * batchSize, batchSize);
        }
        Array.Copy(order, fullBatches * batchSize, result, fullBatches * batchSize, rows - (fullBatches * batchSize));
        return result;
    }

    private static void Shuffle<T>(T[] items, Random random)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
