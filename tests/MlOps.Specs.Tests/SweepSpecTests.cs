using MlOps.Specs.Fingerprint;
using MlOps.Specs.Model;
using MlOps.Specs.Sweeps;
using MlOps.Tests.Shared;

namespace MlOps.Specs.Tests;

/// <summary>`sweep:` binds, expands into trials in a stable order, samples without replacement, and each trial's spec carries its values.</summary>
public sealed class SweepSpecTests : IDisposable
{
    private const string Valid = "name: demo\nseed: 7\nbase: {model: mlp}\ndata: {train: data/train.csv, validation: data/val.csv}\nadapter: {targets: [\"*\"]}\n";
    private readonly SpecSandbox _box = new();

    public void Dispose() => _box.Dispose();

    private FineTuneSpec Load(string yaml)
    {
        var result = _box.Load(Valid + yaml);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Spec!;
    }

    private const string Grid = "sweep:\n  metric: accuracy\n  parameters:\n    training.optimizer.lr: [0.01, 0.1]\n    training.epochs: [1, 2]\n    adapter.r: [4, 8]\n";

    [Fact]
    public void A_grid_is_the_cartesian_product_with_the_first_parameter_varying_slowest()
    {
        var spec = Load(Grid);

        var trials = SweepExpansion.Trials(spec.Sweep!, spec.Seed);

        Assert.Equal(8, trials.Count);
        Assert.Equal(["trial-01", "trial-02", "trial-03", "trial-04", "trial-05", "trial-06", "trial-07", "trial-08"], trials.Select(t => t.Id));
        Assert.Equal("training.optimizer.lr=0.01,training.epochs=1,adapter.r=4", trials[0].Overrides);
        Assert.Equal("training.optimizer.lr=0.01,training.epochs=1,adapter.r=8", trials[1].Overrides);
        Assert.Equal("training.optimizer.lr=0.1,training.epochs=2,adapter.r=8", trials[7].Overrides);
    }

    [Fact]
    public void A_trial_spec_carries_its_values_has_no_sweep_never_registers_and_has_its_own_fingerprint()
    {
        var spec = Load(Grid);
        var trials = SweepExpansion.Trials(spec.Sweep!, spec.Seed);

        var last = trials[7].Apply(spec);

        Assert.Equal((0.1, 2, 8), (last.Training.Optimizer.Lr, last.Training.Epochs, last.Adapter!.R));
        Assert.Equal("demo.trial-08", last.Name);
        Assert.Null(last.Sweep);
        Assert.Empty(last.Tracking.RegisterOn);
        Assert.Equal("demo", last.Tracking.RegisterAs);
        Assert.NotEqual(SpecFingerprint.Compute(trials[0].Apply(spec), "cpu"), SpecFingerprint.Compute(last, "cpu"));
    }

    [Fact]
    public void A_random_sweep_draws_distinct_grid_points_reproducibly_and_by_its_seed()
    {
        var random = Grid.Replace("  metric:", "  method: random\n  trials: 3\n  metric:", StringComparison.Ordinal);
        var spec = Load(random);

        var once = SweepExpansion.Trials(spec.Sweep!, spec.Seed);
        var twice = SweepExpansion.Trials(Load(random).Sweep!, spec.Seed);
        var grid = SweepExpansion.Trials(Load(Grid).Sweep!, spec.Seed);

        Assert.Equal(3, once.Count);
        Assert.Equal(3, once.Select(t => t.Id).Distinct().Count());
        Assert.Equal(once.Select(t => t.Overrides), twice.Select(t => t.Overrides));
        // A trial id names the same values as in the full grid.
        Assert.All(once, t => Assert.Equal(grid.Single(g => g.Id == t.Id).Overrides, t.Overrides));
        var seeds = Enumerable.Range(0, 20).Select(s => string.Join(" ", SweepExpansion.Trials(spec.Sweep! with { Seed = s }, 0).Select(t => t.Id))).Distinct().Count();
        Assert.True(seeds > 1, "the draw must depend on the seed");
    }

    [Fact]
    public void The_sweep_is_in_the_fingerprint_and_specs_without_it_keep_theirs()
    {
        var plain = Load("");
        var swept = Load(Grid);

        Assert.Null(plain.Sweep);
        Assert.Equal(SpecFingerprint.Compute(plain, "cpu"), SpecFingerprint.Compute(swept with { Sweep = null }, "cpu"));
        Assert.NotEqual(SpecFingerprint.Compute(plain, "cpu"), SpecFingerprint.Compute(swept, "cpu"));
    }
}
