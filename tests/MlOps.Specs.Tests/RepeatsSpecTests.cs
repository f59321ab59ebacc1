using MlOps.Specs.Fingerprint;
using MlOps.Specs.Model;
using MlOps.Tests.Shared;

namespace MlOps.Specs.Tests;

/// <summary>training.repeats / training.seeds and a gate's statistic: what they bind to, and that the fingerprint covers them.</summary>
public sealed class RepeatsSpecTests : IDisposable
{
    private const string Valid = "name: demo\nseed: 7\nbase: {model: mlp}\ndata: {train: data/train.csv, validation: data/val.csv}\n";
    private readonly SpecSandbox _box = new();

    public void Dispose() => _box.Dispose();

    private FineTuneSpec Load(string yaml)
    {
        var result = _box.Load(Valid + yaml);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Spec!;
    }

    [Fact]
    public void Repeats_count_up_from_the_spec_seed_and_seeds_are_taken_as_written()
    {
        Assert.Equal([7], Load("").Training.RunSeeds(7));
        Assert.Equal([7, 8, 9], Load("training: {repeats: 3}\n").Training.RunSeeds(7));
        Assert.Equal([3, 1, 40], Load("training: {seeds: [3, 1, 40]}\n").Training.RunSeeds(7));
    }

    [Fact]
    public void The_statistic_binds_and_lower_bound_is_allowed_with_repeats()
    {
        var spec = Load("training: {repeats: 2}\ngates:\n  - { metric: accuracy, min: 0.8, statistic: lower_bound }\n  - { metric: accuracy, min: 0.7, statistic: min }\n");

        Assert.Equal([RepeatStatistic.LowerBound, RepeatStatistic.Min], spec.Gates.Select(g => g.Statistic));
    }

    [Fact]
    public void The_fingerprint_covers_the_number_of_repeats_and_the_seeds()
    {
        string Fingerprint(string yaml) => SpecFingerprint.Compute(Load(yaml), "cpu");

        var once = Fingerprint("");
        var three = Fingerprint("training: {repeats: 3}\n");
        var five = Fingerprint("training: {repeats: 5}\n");
        var seeds = Fingerprint("training: {seeds: [7, 8, 9]}\n");

        Assert.Equal(4, new[] { once, three, five, seeds }.Distinct().Count());
        Assert.Equal(once, Fingerprint("training: {epochs: 10}\n")); // the default written out changes nothing
    }
}
