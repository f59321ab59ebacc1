using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Gates;
using MlOps.Specs.Model;
using MlOps.Specs.Sweeps;

namespace MlOps.Core.Pipeline.Sweeps;

/// <summary>
/// sweep: the spec's trials trained one after another, each into <c>&lt;output&gt;/trials/&lt;id&gt;/</c>
/// and tracked as its own run (never registered); then <see cref="SweepConclusion"/> picks the winner.
/// A trial whose result.json records the fingerprint it would have now is kept, not trained again: one
/// the last completed sweep finished (from the output folder), and with --resume one a stopped sweep
/// finished (from the staging folder), whose stopped trial continues from its checkpoint.
/// </summary>
internal static class SweepRun
{
    public static RunOutcome Run(FineTuneSpec spec, OutputLayout layout, OutputLayout published, RunRequest request, GatePolicy? policy, RunTracking tracking,
        IRunObserver observer, CancellationToken cancel, DateTimeOffset started)
    {
        var trials = SweepExpansion.Trials(spec.Sweep!, spec.Seed);
        var done = new List<SweepConclusion.Trial>();
        var shown = new HashSet<string>();
        for (var i = 0; i < trials.Count; i++)
        {
            var trial = trials[i];
            observer.OnMessage($"trial {i + 1} of {trials.Count}: {trial.Id} ({trial.Overrides})");
            var outcome = RunTrial(spec, trial, layout, published, request, policy, new RepeatObserver(observer, shown, trial.Id), cancel);
            if (outcome.Result is null)
            {
                if (outcome.ExitCode == ExitCodes.Interrupted)
                {
                    observer.OnMessage($"stopped in {trial.Id}; `--resume` keeps the {i} finished trial(s) and continues this one");
                }
                return outcome;
            }
            done.Add(new(trial, outcome.Result, TrialLayout(layout, trial)));
        }
        return SweepConclusion.Conclude(spec, layout, published, request, policy, tracking, observer, started, done);
    }

    /// <summary>`mlops run --trial &lt;id&gt;`: that trial only, into its own folder, with its own verdict (a matrix job).</summary>
    public static RunOutcome RunOne(FineTuneSpec spec, string trialId, OutputLayout layout, OutputLayout published, RunRequest request, GatePolicy? policy,
        IRunObserver observer, CancellationToken cancel)
    {
        var trials = SweepExpansion.Trials(spec.Sweep!, spec.Seed);
        var trial = trials.FirstOrDefault(t => t.Id == trialId)
            ?? throw new MlOpsException(Diagnostic.Error(Evaluation.EvaluationErrorCodes.SweepTrialUnknown,
                $"--trial '{trialId}' is not a trial of this sweep; `mlops plan` lists them: {string.Join(", ", trials.Select(t => t.Id))}", spec.At(spec.Sweep!.Location)));
        observer.OnMessage($"{trial.Id} ({trial.Overrides})");
        return RunTrial(spec, trial, layout, published, request, policy, observer, cancel);
    }

    public static OutputLayout TrialLayout(OutputLayout layout, SweepTrial trial) => new(Path.Combine(layout.Directory, "trials", trial.Id));

    private static RunOutcome RunTrial(FineTuneSpec spec, SweepTrial trial, OutputLayout layout, OutputLayout published, RunRequest request, GatePolicy? policy,
        IRunObserver observer, CancellationToken cancel)
    {
        var child = trial.Apply(spec);
        var childLayout = TrialLayout(layout, trial);
        var childPublished = TrialLayout(published, trial);
        // The run writes into a fresh staging folder: a trial the last completed sweep finished (same fingerprint) comes along from the output folder.
        if (FinishedTrial.Read(child, childLayout) is null && FinishedTrial.Read(child, childPublished) is not null)
        {
            FolderCopy.Recursive(childPublished.Directory, childLayout.Directory);
        }
        if (FinishedTrial.Read(child, childLayout) is { } finished)
        {
            observer.OnMessage("already finished with this fingerprint: kept, not trained again");
            return new RunOutcome(finished.Verdict == RunVerdict.Failed ? ExitCodes.GateFailed : ExitCodes.Passed, finished, childPublished.Result);
        }
        using var childTracking = new RunTracking(child, request, observer);
        // --parallel child processes train a spec's own repeats; a trial's repeats (a derived spec) stay in-process.
        var childRequest = request with { Resume = request.Resume && new Training.TrainingCheckpoint(childLayout.Checkpoint).Exists, Parallel = null };
        ResultPublication.DeleteStale(childLayout.Result);
        return child.Training.RunSeeds(child.Seed).Count > 1
            ? RepeatedRun.Run(child, childLayout, childPublished, childRequest, policy, childTracking, observer, cancel, DateTimeOffset.UtcNow)
            : FineTuneRun.TrainOnce(child, childLayout, childPublished, childRequest, policy, childTracking, observer, cancel, DateTimeOffset.UtcNow);
    }
}
