using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Transformers;
using MlOps.Core.Training;
using MlOps.Core.Training.Objectives;
using MlOps.Specs.Model;
using TorchSharp;

namespace MlOps.Core.Pipeline;

/// <summary>
/// training.objective: masked_lm — a BERT-family encoder with its masked-LM head, from a config
/// (from scratch) or a checkpoint (continued pretraining), trained by the same loop, gated on
/// masked-token metrics, and saved as a Hugging Face folder that a fine-tuning spec starts from.
/// </summary>
internal static class PretrainingRun
{
    public static RunOutcome Run(RunContext run, RunRequest request, Gates.GatePolicy? policy, RunTracking tracking,
        TrainingCheckpoint checkpoint, DateTimeOffset started, IRunObserver observer, CancellationToken cancel)
    {
        var spec = run.Spec;
        var config = Config(run);
        using var model = new TransformerForMaskedLm(config);
        if (spec.Base.Checkpoint is { } basePath)
        {
            foreach (var message in model.Load(basePath, run.BaseLocation).Messages(Path.GetFileName(basePath)))
            {
                observer.OnMessage(message);
            }
        }
        PrecisionCheck.Warn(run, observer);
        model.to(run.Device);
        using var train = new TensorSplit(run.Data.Train.Features, run.Data.Train.SampleShape, run.Data.Train.Labels, run.Device);
        using var validation = new TensorSplit(run.Data.Validation.Features, run.Data.Validation.SampleShape, run.Data.Validation.Labels, run.Device);

        observer.OnStage("training");
        Directory.CreateDirectory(run.Layout.Directory);
        var inputs = run.TrainerInputs(model, train, validation, checkpoint, request.Resume, observer);
        var outcome = Trainer.Run(inputs with { Objective = new MaskedLmObjective(run.RequireMasking) }, cancel);
        if (outcome.StopReason == "interrupted")
        {
            InterruptedRun.Log(run, run.Layout, outcome, started, tracking);
            return new RunOutcome(ExitCodes.Interrupted, null, null);
        }

        observer.OnStage("evaluating");
        var evaluationClock = System.Diagnostics.Stopwatch.StartNew();
        var evaluated = RunEvaluation.MaskedLm(run, model, train, validation);
        HubFolderExport.Write(run.Layout.ModelFolder, model, config, run.Data.Tokenizer?.Source);
        RunArtifacts.WriteResolvedSpec(run);
        RunArtifacts.WriteHistory(run, outcome.History);
        run.BaseSource?.Write(run.Layout.Directory);
        checkpoint.Delete();

        var result = RunConclusion.NewResult(run, request, policy, tracking, outcome, evaluated, started, evaluationClock.Elapsed);
        return RunConclusion.Finish(run, result, null, tracking, observer);
    }

    private static TransformerConfig Config(RunContext run)
    {
        if (run.BaseConfig is not { } config)
        {
            throw new MlOpsException(Diagnostic.Error(TransformerErrorCodes.ConfigRequired,
                "training.objective masked_lm trains a BERT-family encoder: set base.config to a config.json (from scratch) or base.checkpoint to a Hugging Face model folder",
                run.BaseLocation));
        }
        return TransformerConfig.Parse(config.Json, config.Source, run.BaseLocation);
    }
}
