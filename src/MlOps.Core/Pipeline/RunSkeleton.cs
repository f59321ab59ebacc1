using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Training;
using TorchSharp;

namespace MlOps.Core.Pipeline;

/// <summary>
/// The steps every kind of run takes once its data is loaded: load the base weights, train, stop
/// cleanly when interrupted, evaluate, save, then <see cref="RunConclusion"/>. What differs
/// between fine-tuning and pretraining is the <see cref="IRunKind"/>.
/// </summary>
internal static class RunSkeleton
{
    public static RunOutcome Run(RunContext run, RunSession session, IRunKind kind)
    {
        kind.LoadBase(session.Observer);
        PrecisionCheck.Warn(run, session.Observer);
        kind.Model.to(run.Device);
        using var train = SplitBatches.Of(run.Data.Train, run.Device, run.Threads);
        using var validation = SplitBatches.Of(run.Data.Validation, run.Device, run.Threads);

        var outcome = Train(run, session, kind, train, validation);
        if (outcome.StopReason == StopReason.Interrupted)
        {
            InterruptedRun.Log(run, run.Layout, outcome, session.Started, session.Tracking);
            return new RunOutcome(ExitCodes.Interrupted, null, null);
        }

        session.Observer.OnStage("evaluating");
        var evaluationClock = System.Diagnostics.Stopwatch.StartNew();
        // The test split reaches the device only after training: the trainer (early stopping, restore_best) never sees it.
        using var test = run.Data.Test is { } t ? SplitBatches.Of(t, run.Device, run.Threads) : null;
        var evaluated = kind.Evaluate(train, validation, test);
        var saved = kind.Save();
        RunArtifacts.WriteResolvedSpec(run);
        RunArtifacts.WriteHistory(run, outcome.History);
        run.BaseSource?.Write(run.Layout.Directory);
        session.Checkpoint.Delete();
        return RunConclusion.Conclude(run, session, new RunConclusion.Trained(outcome, evaluated, saved, evaluationClock.Elapsed)
        {
            // Called while the splits are still on the device (Conclude runs inside this scope).
            ScoreReference = evaluated.Paired is null ? null : path => ModelEvaluation.Reference(run, path, train, validation, test),
        });
    }

    private static TrainingOutcome Train(RunContext run, RunSession session, IRunKind kind, ISplitBatches train, ISplitBatches validation)
    {
        session.Observer.OnStage("training");
        Directory.CreateDirectory(run.Layout.Directory);
        var inputs = run.TrainerInputs(kind.Model, train, validation, session.Checkpoint, session.Request.Resume, session.Observer);
        return Trainer.Run(kind.ForTraining(inputs), session.Cancel);
    }
}
