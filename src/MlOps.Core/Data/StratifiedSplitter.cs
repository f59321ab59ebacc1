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

    /// <summary>
    /// The same split for labels given as ids into <paramref name="names"/> (the streaming loader): strata in
    /// ordinal order of their names, each shuffled as an array of its row indices, so the result equals
    /// <see cref="Split(IReadOnlyList{string}, double, int, bool)"/>'s, with a few bytes per row instead of a string and a tuple.
    /// </summary>
    public static (int[] Train, int[] Validation) Split(int[] labelIds, IReadOnlyList<string> names, double fraction, int seed, bool stratify)
    {
        var random = new Random(seed);
        int[][] strata;
        if (stratify)
        {
            var counts = new int[names.Count];
            foreach (var id in labelIds)
            {
                counts[id]++;
            }
            var members = counts.Select(c => new int[c]).ToArray();
            var filled = new int[names.Count];
            for (var i = 0; i < labelIds.Length; i++)
            {
                members[labelIds[i]][filled[labelIds[i]]++] = i;
            }
            strata = [.. Enumerable.Range(0, names.Count).Where(id => counts[id] > 0).OrderBy(id => names[id], StringComparer.Ordinal).Select(id => members[id])];
        }
        else
        {
            strata = [[.. Enumerable.Range(0, labelIds.Length)]];
        }
        var isValidation = new bool[labelIds.Length];
        var held = 0;
        foreach (var stratum in strata)
        {
            random.Shuffle(stratum);
            var take = (int)Math.Round(stratum.Length * fraction, MidpointRounding.AwayFromZero);
            take = stratum.Length >= 2 ? Math.Clamp(take, 1, stratum.Length - 1) : 0;
            for (var k = 0; k < take; k++)
            {
                isValidation[stratum[k]] = true;
            }
            held += take;
        }
        var train = new int[labelIds.Length - held];
        var validation = new int[held];
        int t = 0, v = 0;
        for (var i = 0; i < isValidation.Length; i++)
        {
            if (isValidation[i])
            {
                validation[v++] = i;
            }
            else
            {
                train[t++] = i;
            }
        }
        return (train, validation);
    }
}
