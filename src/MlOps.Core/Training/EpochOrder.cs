namespace MlOps.Core.Training;

/// <summary>
/// The order rows are visited in an epoch: a Fisher–Yates shuffle seeded by (seed, epoch), so a
/// resumed run revisits exactly the rows an uninterrupted run would.
/// </summary>
public static class EpochOrder
{
    public static long[] Permutation(int seed, int epoch, int rows)
    {
        var random = new Random(unchecked((seed * 1_000_003) + epoch));
        var order = new long[rows];
        for (var i = 0; i < rows; i++)
        {
            order[i] = i;
        }
        for (var i = rows - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
