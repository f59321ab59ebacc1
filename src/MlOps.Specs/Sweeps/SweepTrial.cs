using System.Globalization;
using MlOps.Specs.Model;

namespace MlOps.Specs.Sweeps;

/// <summary>
/// One trial of a sweep: its id (<c>trial-NN</c>, NN its 1-based place in the grid, so an id names the
/// same values whichever trials a random sweep samples) and the value of each swept parameter.
/// </summary>
public sealed record SweepTrial(string Id, IReadOnlyList<KeyValuePair<string, double>> Values)
{
    /// <summary>The trial's values as <c>path=value</c>, comma-separated (the matrix's <c>overrides</c>).</summary>
    public string Overrides => string.Join(",", Values.Select(v => $"{v.Key}={v.Value.ToString("R", CultureInfo.InvariantCulture)}"));

    /// <summary>The spec this trial trains: the swept values put in, no sweep, named <c>&lt;name&gt;.&lt;id&gt;</c>, never registering.</summary>
    public FineTuneSpec Apply(FineTuneSpec spec)
    {
        var trial = spec with
        {
            Name = $"{spec.Name}.{Id}",
            Sweep = null,
            // register_as stays so the trial finds the same champion; register_on empty: only the winner is registered (by the sweep).
            Tracking = spec.Tracking with { Experiment = spec.Tracking.Experiment ?? spec.Name, RegisterAs = spec.Tracking.RegisterAs ?? spec.Name, RegisterOn = [], PromoteAlias = null },
        };
        foreach (var (path, value) in Values)
        {
            trial = SweepParameters.Of(path)!.Apply(trial, value);
        }
        return trial;
    }
}
