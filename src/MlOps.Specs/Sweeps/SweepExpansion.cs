using MlOps.Specs.Model;

namespace MlOps.Specs.Sweeps;

/// <summary>
/// A sweep's trials. Grid: the cartesian product in a stable order (the first parameter varies
/// slowest, values as written). Random: <see cref="SweepSpec.Trials"/> grid points drawn without
/// replacement by a seeded shuffle (sweep.seed, else the spec's seed), listed in grid order.
/// </summary>
public static class SweepExpansion
{
    public static IReadOnlyList<SweepTrial> Trials(SweepSpec sweep, int specSeed)
    {
        var grid = Grid(sweep.Parameters);
        if (sweep.Method == SweepMethod.Grid)
        {
            return grid;
        }
        var count = Math.Min(sweep.Trials ?? grid.Count, grid.Count);
        // System.Random with a seed is the framework's fixed legacy generator: the same draw on every machine and version.
        var random = new Random(sweep.Seed ?? specSeed);
        var order = Enumerable.Range(0, grid.Count).ToArray();
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, order.Length);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return [.. order.Take(count).Order().Select(i => grid[i])];
    }

    /// <summary>Points in the full grid (what a random sweep samples from).</summary>
    public static int GridSize(IReadOnlyList<SweepParameter> parameters) =>
        parameters.Aggregate(1, (n, p) => n * p.Values.Count);

    private static List<SweepTrial> Grid(IReadOnlyList<SweepParameter> parameters)
    {
        var points = new List<List<KeyValuePair<string, double>>> { new() };
        foreach (var parameter in parameters)
        {
            points = [.. points.SelectMany(point => parameter.Values.Select(v => new List<KeyValuePair<string, double>>(point) { new(parameter.Path, v) }))];
        }
        var width = Math.Max(2, points.Count.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        return [.. points.Select((p, i) => new SweepTrial($"trial-{(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width, '0')}", p))];
    }
}
