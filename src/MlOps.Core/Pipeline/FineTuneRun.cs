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
            OutputFolderProbe.Check(layout.Directory);
            return Run(spec, layout, request, policy, observer, cancel);
        }
        catch (Exception e) when (e is MlOpsException or IOException or UnauthorizedAccessException)
        {
            // An IO failure (a full disk, a folder made read-only mid-run) is the environment's, not the input's: exit 3.
            var failure = e as MlOpsException ?? OutputFolderProbe.Failed(layout.Directory, e);
            foreach (var diagnostic in failure.Diagnostics.DefaultIfEmpty(Diagnostic.Error(GeneralErrorCodes.Unexpected, e.Message, SourceLocation.None(spec.SpecPath))))
            {
                observer.OnDiagnostic(diagnostic);
            }
            RemoveHalfWrittenOutput(layout, createdOutput);
            var environment = failure.Diagnostics.Any(d => d.Code == GeneralErrorCodes.OutputUnwritable);
            return new RunOutcome(environment ? ExitCodes.EnvironmentFault : ExitCodes.BadInput, null, null);
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
        var device = TorchSetup.ResolveDevice(spec.Device, spec.At(spec.DeviceLocation));
        var fingerprint = SpecFingerprint.Compute(spec, device.type.ToString().ToLowerInvariant());
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

    /// <summary>A run that failed before its first checkpoint leaves nothing that could mislead.</summary>
    private static void RemoveHalfWrittenOutput(OutputLayout layout, bool createdByThisRun)
    {
        try
        {
            if (createdByThisRun && Directory.Exists(layout.Directory) && !new TrainingCheckpoint(layout.Checkpoint).Exists)
            {
                Directory.Delete(layout.Directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The failure already reported is the one that matters; a folder that cannot be removed stays.
        }
    }
}
