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
        if (request.Device is { } asked && !DeviceNames.IsValid(asked))
        {
            observer.OnDiagnostic(Diagnostic.Error(SpecErrorCodes.NotAllowed, $"--device '{asked}' is not allowed: use one of {DeviceNames.Allowed}", SourceLocation.None("--device")));
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
        var layout = OutputLayout.For(request.OutputDirectory, spec.Name);
        var createdOutput = !Directory.Exists(layout.Directory);
        try
        {
            return Run(spec, layout, request, policy, observer, cancel);
        }
        catch (MlOpsException e)
        {
            foreach (var diagnostic in e.Diagnostics.DefaultIfEmpty(Diagnostic.Error(GeneralErrorCodes.Unexpected, e.Message, SourceLocation.None(spec.SpecPath))))
            {
                observer.OnDiagnostic(diagnostic);
            }
            RemoveHalfWrittenOutput(layout, createdOutput);
            return new RunOutcome(ExitCodes.BadInput, null, null);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Ctrl+C / SIGTERM while loading data: stopped (130), not a gate failure, and nothing to resume.
            observer.OnMessage("stopped before training started: no checkpoint was written, nothing to resume");
            RemoveHalfWrittenOutput(layout, createdOutput);
            return new RunOutcome(ExitCodes.Interrupted, null, null) { CanResume = false };
        }
    }

    private static RunOutcome Run(FineTuneSpec spec, OutputLayout layout, RunRequest request, GatePolicy? policy, IRunObserver observer, CancellationToken cancel)
    {
        var started = DateTimeOffset.UtcNow;
        // A stale result.json must never describe this run; it is written once, at the very end.
        ResultPublication.DeleteStale(layout.Result);
        using var tracking = new RunTracking(spec, request, observer);
        if (request.Reuse && Reuse(spec, layout, tracking, observer) is { } reused)
        {
            return reused;
        }
        if (spec.Sweep is not null)
        {
            if (request.AggregateFrom is { } from)
            {
                return Sweeps.SweepAggregate.Run(spec, from, layout, request, policy, tracking, observer, started);
            }
            return request.Trial is { } trial
                ? Sweeps.SweepRun.RunOne(spec, trial, layout, request, policy, observer, cancel)
                : Sweeps.SweepRun.Run(spec, layout, request, policy, tracking, observer, cancel, started);
        }
        if (request.Trial is not null || request.AggregateFrom is not null)
        {
            throw new MlOpsException(Diagnostic.Error(Evaluation.EvaluationErrorCodes.SweepTrialUnknown,
                $"{(request.Trial is not null ? "--trial" : "mlops aggregate")} needs a spec with `sweep:`; this one trains once", spec.At()));
        }
        if (spec.Training.RunSeeds(spec.Seed).Count > 1)
        {
            return RepeatedRun.Run(spec, layout, request, policy, tracking, observer, cancel, started);
        }
        return TrainOnce(spec, layout, request, policy, tracking, observer, cancel, started);
    }

    /// <summary>One training run of <paramref name="spec"/> into <paramref name="layout"/>, tracked by <paramref name="tracking"/>.</summary>
    internal static RunOutcome TrainOnce(FineTuneSpec spec, OutputLayout layout, RunRequest request, GatePolicy? policy, RunTracking tracking,
        IRunObserver observer, CancellationToken cancel, DateTimeOffset started)
    {
        observer.OnStage("loading data");
        var run = RunPreparation.Prepare(spec, layout, request, cancel, observer);
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
        using IRunKind kind = spec.Training.Objective == TrainingObjective.MaskedLm ? new PretrainingRun(run) : new ClassifierRun(run);
        return RunSkeleton.Run(run, session, kind);
    }

    /// <summary>--reuse: a finished, tracked run with the same fingerprint stands in for training.</summary>
    private static RunOutcome? Reuse(FineTuneSpec spec, OutputLayout layout, RunTracking tracking, IRunObserver observer)
    {
        var fingerprint = Fingerprint(spec);
        if (tracking.Reusable(fingerprint, layout.Directory) is not { } downloaded)
        {
            return null;
        }
        // The downloaded folder is this run's output: its paths point here, at files that exist; a result.json uploaded without its tracking block gets one.
        var original = RunResultFile.Read(downloaded.ResultJson);
        var result = ReusedResult.Rebase(original with { Tracking = original.Tracking ?? downloaded.Tracking }, layout.Directory);
        RunResultFile.Write(result, layout.Result);
        observer.OnMessage($"reused run {result.Tracking?.RunId}: same spec, data, tool version and device (fingerprint {fingerprint[..12]})");
        // A reused run fails (or passes) the same way the original did: its gates, diagnostics and run id replay from result.json.
        observer.OnStage("gating");
        RunJudgement.Announce(result.Gates, result.Fairness, observer);
        return new RunOutcome(result.Verdict == RunVerdict.Failed ? ExitCodes.GateFailed : ExitCodes.Passed, result, layout.Result);
    }

    /// <summary>The fingerprint a finished run of <paramref name="spec"/> on this machine's device records (what --reuse looks up).</summary>
    internal static string Fingerprint(FineTuneSpec spec)
    {
        var device = TorchSetup.ResolveDevice(spec.Device, spec.At(spec.DeviceLocation));
        return SpecFingerprint.Compute(spec, device.type.ToString().ToLowerInvariant());
    }

    /// <summary>A run that failed before its first checkpoint leaves nothing that could mislead.</summary>
    private static void RemoveHalfWrittenOutput(OutputLayout layout, bool createdByThisRun)
    {
        if (createdByThisRun && Directory.Exists(layout.Directory) && !new TrainingCheckpoint(layout.Checkpoint).Exists)
        {
            Directory.Delete(layout.Directory, recursive: true);
        }
    }
}
