using MlOps.Contracts.Results;
using MlOps.Core.Models;
using MlOps.Core.Models.Adapters;
using MlOps.Core.Training;
using static TorchSharp.torch;

namespace MlOps.Core.Pipeline;

/// <summary>Fine-tuning a classifier: the base architecture with its new head, base weights loaded, LoRA adapters when the spec has them.</summary>
internal sealed class ClassifierRun : IRunKind
{
    private readonly RunContext run;
    private readonly FineTuneModule model;
    /// <summary>Wrapped around the loaded weights by <see cref="LoadBase"/>; null without an adapter.</summary>
    private LoraAdapters? adapters;

    public ClassifierRun(RunContext run)
    {
        this.run = run;
        model = run.BuildModel(run.Data.Classes.Count);
    }

    public nn.Module<Tensor, Tensor> Model => model;

    public void LoadBase(IRunObserver observer)
    {
        if (run.Spec.Base.Checkpoint is { } basePath)
        {
            Models.Checkpoints.CheckpointLoader.Load(model, basePath, run.ReplaceHead, run.BaseLocation, observer.OnMessage);
        }
        adapters = AdapterStage.Apply(run, model);
    }

    public TrainerInputs ForTraining(TrainerInputs inputs) =>
        inputs with { Trainable = adapters is null ? null : adapters.IsTrainable, Spec = FeatureEncoderFreeze.Apply(run, model, inputs.Spec) };

    public RunEvaluation Evaluate(ISplitBatches train, ISplitBatches validation, ISplitBatches? test) =>
        RunEvaluation.Classifier(run, model, train, validation, test);

    public SavedModel Save()
    {
        if (adapters is null)
        {
            RunArtifacts.SaveModel(run, model);
            RunArtifacts.WriteClassifierMlModel(run);
            return SavedModel.Plain;
        }
        var saved = new SavedModel(AdapterStage.Save(run, model, adapters), AdapterStage.Folder(run.Layout));
        RunArtifacts.WriteClassifierMlModel(run);
        return saved;
    }

    public OnnxExportInfo? Export(ISplitBatches validation) => OnnxExportStage.Run(run, model, validation);

    public void Dispose() => model.Dispose();
}
