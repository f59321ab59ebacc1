using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Transformers;
using MlOps.Core.Training;
using MlOps.Core.Training.Objectives;
using MlOps.Specs.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace MlOps.Core.Pipeline;

/// <summary>
/// training.objective: masked_lm — a BERT-family encoder with its masked-LM head, from a config
/// (from scratch) or a checkpoint (continued pretraining), trained by the same loop, gated on
/// masked-token metrics, and saved as a Hugging Face folder that a fine-tuning spec starts from.
/// </summary>
internal sealed class PretrainingRun : IRunKind
{
    private readonly RunContext run;
    private readonly TransformerConfig config;
    private readonly TransformerForMaskedLm model;

    public PretrainingRun(RunContext run)
    {
        this.run = run;
        config = Config(run);
        model = new TransformerForMaskedLm(config);
    }

    public nn.Module<Tensor, Tensor> Model => model;

    public void LoadBase(IRunObserver observer)
    {
        if (run.Spec.Base.Checkpoint is { } basePath)
        {
            foreach (var message in model.Load(basePath, run.BaseLocation).Messages(Path.GetFileName(basePath)))
            {
                observer.OnMessage(message);
            }
        }
    }

    public TrainerInputs ForTraining(TrainerInputs inputs) =>
        inputs with { Objective = new MaskedLmObjective(run.RequireMasking) };

    public RunEvaluation Evaluate(ISplitBatches train, ISplitBatches validation, ISplitBatches? test) =>
        RunEvaluation.MaskedLm(run, model, train, validation, test);

    /// <summary>Masked-LM pretraining trains no classifier or causal language model; the spec binder refuses `export:` on it (MLOPS052).</summary>
    public Contracts.Results.OnnxExportInfo? Export(ISplitBatches validation) => null;

    public SavedModel Save()
    {
        HubFolderExport.Write(run.Layout.ModelFolder, model, config, run.Data.Tokenizer?.Source);
        Tracking.MlModelFiles.HubFolder(config.ModelName, "masked_lm", run.Layout.ModelFolder).Save(run.Layout.ModelFolder);
        return SavedModel.Plain;
    }

    public void Dispose() => model.Dispose();

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
