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
        // A stale result.json must never describe this run; it is written again at the very end.
        if (File.Exists(layout.Result))
        {
            File.Delete(layout.Result);
        }
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

        if (spec.Training.Objective == TrainingObjective.MaskedLm)
        {
            return PretrainingRun.Run(run, request, policy, tracking, checkpoint, started, observer, cancel);
        }

        using var model = run.BuildModel(run.Data.Classes.Count);
        if (run.Spec.Base.Checkpoint is { } basePath)
        {
            Models.Checkpoints.CheckpointLoader.Load(model, basePath, run.ReplaceHead, run.BaseLocation, observer.OnMessage);
        }
        var adapters = AdapterStage.Apply(run, model);
        PrecisionCheck.Warn(run, observer);
        model.to(run.Device);
        using var train = new TensorSplit(run.Data.Train.Features, run.Data.Train.SampleShape, run.Data.Train.Labels, run.Device);
        using var validation = new TensorSplit(run.Data.Validation.Features, run.Data.Validation.SampleShape, run.Data.Validation.Labels, run.Device);

        observer.OnStage("training");
        Directory.CreateDirectory(layout.Directory);
        var inputs = run.TrainerInputs(model, train, validation, checkpoint, request.Resume, observer);
        var outcome = Trainer.Run(inputs with { Trainable = adapters is null ? null : adapters.IsTrainable }, cancel);
        if (outcome.StopReason == "interrupted")
        {
            InterruptedRun.Log(run, layout, outcome, started, tracking);
            return new RunOutcome(ExitCodes.Interrupted, null, null);
        }

        observer.OnStage("evaluating");
        var evaluationClock = System.Diagnostics.Stopwatch.StartNew();
        var evaluated = RunEvaluation.Classifier(run, model, train, validation);

        var adapterInfo = adapters is null ? null : AdapterStage.Save(run, model, adapters);
        if (adapters is null)
        {
            RunArtifacts.SaveModel(run, model);
        }
        RunArtifacts.WriteResolvedSpec(run);
        RunArtifacts.WriteHistory(run, outcome.History);
        run.BaseSource?.Write(layout.Directory);
        checkpoint.Delete();

        var result = RunConclusion.NewResult(run, request, policy, tracking, outcome, evaluated, started, evaluationClock.Elapsed);
        result = result with
        {
            Adapter = adapterInfo,
            Outputs = result.Outputs with { Adapter = adapters is null ? null : AdapterStage.Folder(layout) },
        };
        return RunConclusion.Finish(run, result, evaluated.Predictions, tracking, observer);
    }

    /// <summary>--reuse: a finished, tracked run with the same fingerprint stands in for training.</summary>
    private static RunOutcome? Reuse(FineTuneSpec spec, OutputLayout layout, RunTracking tracking, IRunObserver observer)
    {
        var device = TorchSetup.ResolveDevice(spec.Device, SourceLocation.None(spec.SpecPath));
        var fingerprint = SpecFingerprint.Compute(spec, device.type.ToString().ToLowerInvariant());
        if (tracking.Reusable(fingerprint) is not { } previous)
        {
            return null;
        }
        var result = RunResultFile.Read(previous);
        Directory.CreateDirectory(layout.Directory);
        File.Copy(previous, layout.Result, overwrite: true);
        observer.OnMessage($"reused run {result.Tracking?.RunId ?? previous}: same spec, data, tool version and device (fingerprint {fingerprint[..12]})");
        return new RunOutcome(GateVerdict.HasFailed(result.Gates) ? ExitCodes.GateFailed : ExitCodes.Passed, result, layout.Result);
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
