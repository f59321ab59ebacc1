using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Gates;
using MlOps.Specs.Model;

namespace MlOps.Core.Pipeline;

/// <summary>
/// training.repeats / training.seeds: the spec trained once per seed, one after another, each into
/// <c>&lt;output&gt;/repeats/seed-&lt;s&gt;/</c> and tracked as its own run (never registered); then
/// <see cref="RepeatsConclusion"/> judges the spreads. With --resume a repeat whose result.json
/// records the fingerprint it would have now is kept, and an interrupted one resumes from its checkpoint.
/// </summary>
internal static class RepeatedRun
{
    public static RunOutcome Run(FineTuneSpec spec, OutputLayout layout, OutputLayout published, RunRequest request, GatePolicy? policy, RunTracking tracking,
        IRunObserver observer, CancellationToken cancel, DateTimeOffset started)
    {
        var seeds = spec.Training.RunSeeds(spec.Seed);
        var repeats = new List<RepeatsConclusion.Repeat>();
        var shown = new HashSet<string>();
        for (var i = 0; i < seeds.Count; i++)
        {
            var seed = seeds[i];
            var child = Child(spec, seed);
            var childLayout = new OutputLayout(Path.Combine(layout.Directory, "repeats", $"seed-{seed}"));
            observer.OnMessage($"repeat {i + 1} of {seeds.Count}: seed {seed}");
            if (request.Resume && FinishedTrial.Read(child, childLayout) is { } done)
            {
                observer.OnMessage($"repeat {i + 1} (seed {seed}) already finished with this fingerprint: kept, not trained again");
                repeats.Add(new(seed, done, childLayout));
                continue;
            }
            var repeatObserver = new RepeatObserver(observer, shown, $"seed {seed}");
            using var childTracking = new RunTracking(child, request, repeatObserver);
            // --resume continues the repeat that was stopped (its checkpoint); the ones never started train afresh.
            var childRequest = request with { Resume = request.Resume && new Training.TrainingCheckpoint(childLayout.Checkpoint).Exists };
            var outcome = FineTuneRun.TrainOnce(child, childLayout, new OutputLayout(Path.Combine(published.Directory, "repeats", $"seed-{seed}")), childRequest, policy, childTracking, repeatObserver, cancel, DateTimeOffset.UtcNow);
            if (outcome.Result is null)
            {
                if (outcome.ExitCode == ExitCodes.Interrupted)
                {
                    observer.OnMessage($"stopped in repeat {i + 1} of {seeds.Count} (seed {seed}); `--resume` keeps the {i} finished repeat(s) and continues this one");
                }
                return outcome;
            }
            repeats.Add(new(seed, outcome.Result, childLayout));
        }
        return RepeatsConclusion.Conclude(spec, layout, published, request, policy, tracking, observer, started, repeats);
    }

    /// <summary>
    /// One repeat: the spec with its seed, training once, never registering or promoting (the kept
    /// repeat's model is registered by the parent run), named <c>&lt;name&gt;.seed-&lt;s&gt;</c> in the same experiment.
    /// </summary>
    internal static FineTuneSpec Child(FineTuneSpec spec, int seed) => spec with
    {
        Name = $"{spec.Name}.seed-{seed}",
        Seed = seed,
        Training = spec.Training with { Repeats = null, Seeds = null },
        // register_as stays so the repeat finds the same champion; register_on empty means it never adds a version.
        Tracking = spec.Tracking with { Experiment = spec.Tracking.Experiment ?? spec.Name, RegisterAs = spec.Tracking.RegisterAs ?? spec.Name, RegisterOn = [], PromoteAlias = null },
    };
}
