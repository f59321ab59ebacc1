namespace MlOps.Core.Data;

/// <summary>
/// The seeded train/validation split used when no validation file is given. Stratified: each class
/// sends round(n × fraction) rows to validation, at least 1 and at most n − 1 when it has 2 or more
/// rows. Deterministic for a seed; both sides keep the file's row order.
/// </summary>
internal static class StratifiedSplitter
{
    public static (int[] Train, int[] Validation) Split(IReadOnlyList<string> labels, double fraction, int seed, bool stratify)
    {
        var random = new Random(seed);
        var strata = stratify
            ? labels.Select((l, i) => (l, i)).GroupBy(p => p.l, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Select(p => p.i).ToArray())
            : [Enumerable.Range(0, labels.Count).ToArray()];
        var validation = new List<int>();
        foreach (var stratum in strata)
        {
            random.Shuffle(stratum);
            var take = (int)Math.Round(stratum.Length * fraction, MidpointRounding.AwayFromZero);
            if (stratum.Length >= 2)
            {
                take = Math.Clamp(take, 1, stratum.Length - 1);
            }
            else
            {
                take = 0;
            }
            validation.AddRange(stratum.Take(take));
        }
        var isValidation = validation.ToHashSet();
        return ([.. Enumerable.Range(0, labels.Count).Where(i => !isValidation.Contains(i))], [.. validation.Order()]);
    }
}
