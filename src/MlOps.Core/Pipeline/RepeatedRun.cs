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
/// With --parallel the repeats train in child processes (<see cref="ParallelRepeats"/>) into the same folders.
/// </summary>
internal static class RepeatedRun
{
    public static RunOutcome Run(FineTuneSpec spec, OutputLayout layout, OutputLayout published, RunRequest request, GatePolicy? policy, RunTracking tracking,
        IRunObserver observer, CancellationToken cancel, DateTimeOffset started)
    {
        var seeds = spec.Training.RunSeeds(spec.Seed);
        var repeats = new List<RepeatsConclusion.Repeat>();
        var shown = new HashSet<string>();
        if (request.Parallel is { } width)
        {
            return RunInProcesses(spec, layout, published, request, policy, tracking, observer, cancel, started, width);
        }
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

    /// <summary>--parallel: finished repeats kept (with --resume), the rest trained by child processes, then concluded exactly as in-process.</summary>
    private static RunOutcome RunInProcesses(FineTuneSpec spec, OutputLayout layout, OutputLayout published, RunRequest request, GatePolicy? policy, RunTracking tracking,
        IRunObserver observer, CancellationToken cancel, DateTimeOffset started, int asked)
    {
        var seeds = spec.Training.RunSeeds(spec.Seed);
        // Planned over all the seeds, not only those left: a resumed run pins the same threads, so kept repeats keep their fingerprint.
        var (width, threads) = ParallelRepeats.Plan(spec, asked, seeds.Count);
        var kept = new Dictionary<int, RunResult>();
        var pending = new List<(int Seed, string Directory, string Published)>();
        foreach (var seed in seeds)
        {
            var childLayout = ChildLayout(layout, seed);
            if (request.Resume && FinishedTrial.Read(Pinned(Child(spec, seed), threads), childLayout) is { } done)
            {
                observer.OnMessage($"repeat seed {seed} already finished with this fingerprint: kept, not trained again");
                kept[seed] = done;
                continue;
            }
            pending.Add((seed, childLayout.Directory, ChildLayout(published, seed).Directory));
        }
        observer.OnMessage($"{pending.Count} repeat(s) in up to {width} parallel processes, {threads} torch thread(s) each");
        var outcomes = ParallelRepeats.Run(pending, request, width, threads, observer, cancel);
        var failed = pending.Select(p => outcomes[p.Seed]).Where(o => o.Result is null).ToList();
        if (failed.Count > 0)
        {
            var stopped = failed.Any(o => o.ExitCode == ExitCodes.Interrupted);
            return stopped ? new RunOutcome(ExitCodes.Interrupted, null, null) : failed[0];
        }
        var repeats = seeds.Select(seed => new RepeatsConclusion.Repeat(seed, kept.TryGetValue(seed, out var done) ? done : outcomes[seed].Result!, ChildLayout(layout, seed))).ToList();
        return RepeatsConclusion.Conclude(spec, layout, published, request, policy, tracking, observer, started, repeats);
    }

    /// <summary>A `--parallel` child process: the one repeat it was given, into the parent's staging folder, pinned to its threads.</summary>
    internal static RunOutcome RunChild(FineTuneSpec spec, RepeatChildRequest one, RunRequest request, GatePolicy? policy, IRunObserver observer, CancellationToken cancel)
    {
        var child = Pinned(Child(spec, one.Seed), one.Threads);
        var childLayout = new OutputLayout(one.Directory);
        Directory.CreateDirectory(childLayout.Directory);
        using var childTracking = new RunTracking(child, request, observer);
        var childRequest = request with { Resume = request.Resume && new Training.TrainingCheckpoint(childLayout.Checkpoint).Exists };
        return FineTuneRun.TrainOnce(child, childLayout, new OutputLayout(one.Published), childRequest, policy, childTracking, observer, cancel, DateTimeOffset.UtcNow);
    }

    private static OutputLayout ChildLayout(OutputLayout parent, int seed) => new(Path.Combine(parent.Directory, "repeats", $"seed-{seed}"));

    /// <summary>The spec with the torch threads a parallel child runs on (unchanged when it already asks for them).</summary>
    private static FineTuneSpec Pinned(FineTuneSpec spec, int threads) =>
        spec.Training.Threads == threads ? spec : spec with { Training = spec.Training with { Threads = threads } };

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
