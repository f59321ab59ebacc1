using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Gates;
using MlOps.Core.Reporting;
using MlOps.Core.Training;
using MlOps.Specs;
using MlOps.Specs.Fingerprint;
using MlOps.Specs.Model;
using TorchSharp;

namespace MlOps.Core.Pipeline;

/// <summary>
/// One run of a spec, end to end: validate, prepare data and model, fine-tune, evaluate, write
/// the output folder. The one place that wires the stages together.
/// </summary>
public static class FineTuneRun
{
    public static RunOutcome Execute(RunRequest request, IRunObserver observer, CancellationToken cancel)
    {
        var load = SpecLoader.Load(request.SpecPath, new SpecLoadOptions { AllowOutsideRepository = request.AllowOutsideRepository });
        foreach (var diagnostic in load.Diagnostics)
        {
            observer.OnDiagnostic(diagnostic);
        }
        if (load.HasErrors || load.Spec is null)
        {
            return new RunOutcome(ExitCodes.BadInput, null, null);
        }
        if (request.Device is { } askedDevice && !DeviceNames.IsValid(askedDevice))
        {
            observer.OnDiagnostic(Diagnostic.Error(SpecErrorCodes.NotAllowed, $"--device '{askedDevice}' is not allowed: use one of {DeviceNames.Allowed}", SourceLocation.None("--device")));
            return new RunOutcome(ExitCodes.BadInput, null, null);
        }
        var spec = request.Device is { } device ? load.Spec with { Device = device } : load.Spec;
        GatePolicy? policy;
        try
        {
            policy = request.GatePolicyRef is { } gateRef ? GatePolicySource.Resolve(spec, gateRef) : null;
        }
        catch (MlOpsException e)
        {
            foreach (var diagnostic in e.Diagnostics)
            {
                observer.OnDiagnostic(diagnostic);
            }
            return new RunOutcome(ExitCodes.BadInput, null, null);
        }
        if (policy is not null)
        {
            spec = spec with { Gates = policy.Gates, Bias = policy.Bias };
            foreach (var change in policy.Changes)
            {
                observer.OnMessage($"gate policy {request.GatePolicyRef}: {change.Entry} {change.Setting} {change.Base ?? "(absent)"} → {change.Head ?? "(absent)"} in this spec; the base value applies");
            }
        }
        if (request.RepeatChild is { } one)
        {
            return RepeatChildProcess(spec, one, request, policy, observer, cancel);
        }
        var asked = OutputLayout.For(request.OutputDirectory, spec.Name);
        if (OwnFolderCheck.Problem(asked.Directory, spec) is { } notOwn)
        {
            observer.OnDiagnostic(notOwn);
            return new RunOutcome(ExitCodes.BadInput, null, null);
        }
        try
        {
            // Before any data is read: a file in the way, a file above, no write permission cost a whole run before.
            OutputFolderProbe.Check(asked.Directory);
        }
        catch (MlOpsException e)
        {
            foreach (var diagnostic in e.Diagnostics)
            {
                observer.OnDiagnostic(diagnostic);
            }
            return new RunOutcome(ExitCodes.EnvironmentFault, null, null);
        }
        using var folderLock = OutputFolderLock.TryAcquire(asked.Directory, SourceLocation.None(spec.SpecPath), out var refusal);
        if (folderLock is null)
        {
            observer.OnDiagnostic(refusal!);
            return new RunOutcome(ExitCodes.EnvironmentFault, null, null);
        }
        var staging = new OutputStaging(asked.Directory);
        var published = false;
        try
        {
            staging.Recover();
            staging.Begin(request.Resume, SourceLocation.None(spec.SpecPath));
            var outcome = Run(spec, staging, request, policy, observer, cancel);
            if (outcome.Result is not null)
            {
                staging.Publish();
                published = true;
            }
            return outcome;
        }
        catch (MlOpsException e)
        {
            foreach (var diagnostic in e.Diagnostics.DefaultIfEmpty(Diagnostic.Error(GeneralErrorCodes.Unexpected, e.Message, SourceLocation.None(spec.SpecPath))))
            {
                observer.OnDiagnostic(diagnostic);
            }
            // A write that failed (a full disk, a folder made read-only mid-run) is the environment's fault, not the input's: exit 3.
            var environment = e.Diagnostics.Any(d => d.Code is GeneralErrorCodes.OutputUnwritable or OutputErrorCodes.Unwritable);
            return new RunOutcome(environment ? ExitCodes.EnvironmentFault : ExitCodes.BadInput, null, null) { CanResume = staging.HasCheckpoint };
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Ctrl+C / SIGTERM while loading data: stopped (130), not a gate failure, and nothing to resume.
            observer.OnMessage("stopped before training started: no checkpoint was written, nothing to resume");
            return new RunOutcome(ExitCodes.Interrupted, null, null) { CanResume = staging.HasCheckpoint };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Staging, swapping or writing the run's files failed (disk full, permissions): the previous result stands.
            observer.OnDiagnostic(Diagnostic.Error(GeneralErrorCodes.OutputUnwritable,
                $"cannot write the output folder '{staging.Final}': the run stopped on an I/O error ({e.Message.TrimEnd('.')}); nothing in it was changed: free space or fix permissions and run again",
                SourceLocation.None(spec.SpecPath)));
            return new RunOutcome(ExitCodes.EnvironmentFault, null, null) { CanResume = staging.HasCheckpoint };
        }
        finally
        {
            if (!published)
            {
                // Nothing half-written: the staging folder goes unless it holds a checkpoint that --resume can continue from.
                DiscardQuietly(staging);
            }
        }
    }

    /// <summary>
    /// A `--parallel` child: the parent holds the output folder's lock and staging folder; this process only
    /// trains its repeat into the folder it was given and leaves result.json there for the parent to conclude from.
    /// </summary>
    private static RunOutcome RepeatChildProcess(FineTuneSpec spec, RepeatChildRequest one, RunRequest request, GatePolicy? policy, IRunObserver observer, CancellationToken cancel)
    {
        try
        {
            return RepeatedRun.RunChild(spec, one, request, policy, observer, cancel);
        }
        catch (MlOpsException e)
        {
            foreach (var diagnostic in e.Diagnostics.DefaultIfEmpty(Diagnostic.Error(GeneralErrorCodes.Unexpected, e.Message, SourceLocation.None(spec.SpecPath))))
            {
                observer.OnDiagnostic(diagnostic);
            }
            return new RunOutcome(ExitCodes.BadInput, null, null);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return new RunOutcome(ExitCodes.Interrupted, null, null);
        }
    }

    private static RunOutcome Run(FineTuneSpec spec, OutputStaging staging, RunRequest request, GatePolicy? policy, IRunObserver observer, CancellationToken cancel)
    {
        var started = DateTimeOffset.UtcNow;
        var layout = staging.Layout;
        // A stale result.json must never describe this run; it is written once, at the very end.
        ResultPublication.DeleteStale(layout.Result);
        using var tracking = new RunTracking(spec, request, observer);
        if (request.Reuse && Reuse(spec, staging, tracking, observer) is { } reused)
        {
            return reused;
        }
        if (request.Parallel is not null && (spec.Sweep is not null || spec.Training.RunSeeds(spec.Seed).Count <= 1))
        {
            observer.OnMessage(spec.Sweep is not null
                ? "--parallel applies to training.repeats; this sweep's trials (and their repeats) run one after another in this process (fan trials out with `mlops plan` and `mlops run --trial`)"
                : "--parallel applies to training.repeats; this spec trains once");
        }
        if (spec.Sweep is not null)
        {
            if (request.AggregateFrom is { } from)
            {
                return Sweeps.SweepAggregate.Run(spec, from, layout, new OutputLayout(staging.Final), request, policy, tracking, observer, started);
            }
            return request.Trial is { } trial
                ? Sweeps.SweepRun.RunOne(spec, trial, layout, new OutputLayout(staging.Final), request, policy, observer, cancel)
                : Sweeps.SweepRun.Run(spec, layout, new OutputLayout(staging.Final), request, policy, tracking, observer, cancel, started);
        }
        if (request.Trial is not null || request.AggregateFrom is not null)
        {
            throw new MlOpsException(Diagnostic.Error(Evaluation.EvaluationErrorCodes.SweepTrialUnknown,
                $"{(request.Trial is not null ? "--trial" : "mlops aggregate")} needs a spec with `sweep:`; this one trains once", spec.At()));
        }
        if (spec.Training.RunSeeds(spec.Seed).Count > 1)
        {
            return RepeatedRun.Run(spec, layout, new OutputLayout(staging.Final), request, policy, tracking, observer, cancel, started);
        }
        return TrainOnce(spec, layout, new OutputLayout(staging.Final), request, policy, tracking, observer, cancel, started);
    }

    /// <summary>
    /// One training run of <paramref name="spec"/> into <paramref name="layout"/> (inside the staging folder),
    /// tracked by <paramref name="tracking"/>; its result.json names files where <paramref name="published"/> puts them.
    /// </summary>
    internal static RunOutcome TrainOnce(FineTuneSpec spec, OutputLayout layout, OutputLayout published, RunRequest request, GatePolicy? policy, RunTracking tracking,
        IRunObserver observer, CancellationToken cancel, DateTimeOffset started)
    {
        observer.OnStage("loading data");
        var run = RunPreparation.Prepare(spec, layout, request, cancel, observer) with { PublishedLayout = published };
        foreach (var warning in run.Data.Warnings)
        {
            observer.OnDiagnostic(warning);
        }
        var checkpoint = new TrainingCheckpoint(layout.Checkpoint);
        if (!request.Resume)
        {
            checkpoint.Delete();
        }
        var session = new RunSession(request, policy, tracking, checkpoint, started, observer, cancel);
        using IRunKind kind = spec.Training.Objective switch
        {
            TrainingObjective.MaskedLm => new PretrainingRun(run),
            TrainingObjective.CausalLm => new CausalLmRun(run),
            _ => new ClassifierRun(run),
        };
        return RunSkeleton.Run(run, session, kind);
    }

    /// <summary>--reuse: a finished, tracked run with the same fingerprint stands in for training.</summary>
    private static RunOutcome? Reuse(FineTuneSpec spec, OutputStaging staging, RunTracking tracking, IRunObserver observer)
    {
        var layout = staging.Layout;
        var fingerprint = Fingerprint(spec);
        if (tracking.Reusable(fingerprint, layout.Directory) is not { } downloaded)
        {
            return null;
        }
        // The downloaded folder is this run's output: its paths point here, at files that exist; a result.json uploaded without its tracking block gets one.
        var original = RunResultFile.Read(downloaded.ResultJson);
        var result = StagedResult.Published(ReusedResult.Rebase(original with { Tracking = original.Tracking ?? downloaded.Tracking }, layout.Directory),
            layout.Directory, staging.Final);
        RunResultFile.Write(result, layout.Result);
        observer.OnMessage($"reused run {result.Tracking?.RunId}: same spec, data, tool version and device (fingerprint {fingerprint[..12]})");
        // A reused run fails (or passes) the same way the original did: its gates, diagnostics and run id replay from result.json.
        observer.OnStage("gating");
        RunJudgement.Announce(result.Gates, result.Fairness, observer);
        return new RunOutcome(result.Verdict == RunVerdict.Failed ? ExitCodes.GateFailed : ExitCodes.Passed, result, Path.Combine(staging.Final, Path.GetFileName(layout.Result)));
    }

    /// <summary>The fingerprint a finished run of <paramref name="spec"/> on this machine's device records (what --reuse looks up).</summary>
    internal static string Fingerprint(FineTuneSpec spec)
    {
        var device = TorchSetup.ResolveDevice(spec.Device, spec.At(spec.DeviceLocation));
        return SpecFingerprint.Compute(spec, device.type.ToString().ToLowerInvariant());
    }

    private static void DiscardQuietly(OutputStaging staging)
    {
        try
        {
            staging.Discard();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A staging folder left behind is replaced by the next run and never read as a result.
        }
    }
}
