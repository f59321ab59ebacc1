using System.Globalization;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Models.Adapters;
using MlOps.Core.Models.Decoders;
using MlOps.Core.Training;
using MlOps.Core.Training.Objectives;
using static TorchSharp.torch;

namespace MlOps.Core.Pipeline;

/// <summary>
/// training.objective: causal_lm — a decoder (llama, mistral, qwen2, gpt2) with its language-model
/// head, from a config (from scratch) or a checkpoint (folder or hf://), trained on next-token
/// cross-entropy fully or through LoRA (the family's PEFT targets unless the spec names some),
/// scored by <see cref="CausalLmEvaluation"/>, saved as a Hugging Face folder (LoRA merged) and,
/// with an adapter, PEFT's adapter folder; `export: { onnx: true }` adds onnx/ (<see cref="CausalLmExportStage"/>).
/// </summary>
internal sealed class CausalLmRun : IRunKind
{
    private readonly RunContext run;
    private readonly DecoderForCausalLm model;
    private LoraAdapters? adapters;

    public CausalLmRun(RunContext run)
    {
        this.run = run;
        model = new DecoderForCausalLm(Config(run));
    }

    public nn.Module<Tensor, Tensor> Model => model;

    public DecoderForCausalLm LanguageModel => model;

    public void LoadBase(IRunObserver observer)
    {
        if (run.Spec.Base.Checkpoint is { } basePath)
        {
            DecoderWeights.LoadInto(model, basePath, run.BaseLocation, observer.OnMessage);
        }
        if (run.Spec.Adapter is { } spec)
        {
            var targets = spec.Targets.Count > 0 ? spec : spec with { Targets = DecoderAdapterTargets.Default(model.Config.Kind) };
            adapters = LoraInjector.Apply(model, _ => false, targets, run.SpecLocation);
        }
    }

    public TrainerInputs ForTraining(TrainerInputs inputs) =>
        inputs with { Objective = CausalLmObjective.Instance, Trainable = adapters is null ? null : adapters.IsTrainable };

    public RunEvaluation Evaluate(ISplitBatches train, ISplitBatches validation, ISplitBatches? test) =>
        new CausalLmEvaluation(run, model).Evaluate(train, validation, test);

    public OnnxExportInfo? Export(ISplitBatches validation) => CausalLmExportStage.Run(run, model, validation);

    public SavedModel Save()
    {
        DecoderHubFolder.Write(run.Layout.ModelFolder, model, run.Data.Tokenizer?.Source);
        Tracking.MlModelFiles.HubFolder(model.Config.ModelName, "causal_lm", run.Layout.ModelFolder).Save(run.Layout.ModelFolder);
        if (adapters is null)
        {
            return SavedModel.Plain;
        }
        var folder = AdapterStage.Folder(run.Layout);
        PeftAdapterFiles.Write(folder, model, model, _ => false, adapters, run.Spec.Base.Checkpoint, "CAUSAL_LM", fanInFanOut: model.Config.IsGpt2);
        var a = adapters.Spec;
        // The model folder always holds the merged weights; the adapter folder is the unmerged update.
        return new SavedModel(new AdapterInfo(a.Type.ToString().ToLowerInvariant(), a.R, a.Alpha, a.Dropout, [.. adapters.Layers.Keys], Merged: true), folder);
    }

    public void Dispose() => model.Dispose();

    private static DecoderConfig Config(RunContext run)
    {
        if (run.BaseConfig is not { } description)
        {
            throw new MlOpsException(Diagnostic.Error(CausalLmErrorCodes.DecoderRequired,
                "training.objective causal_lm trains a decoder (llama, mistral, qwen2, gpt2): set base.config to its config.json (from scratch) or base.checkpoint to a Hugging Face model folder or hf:// model",
                run.BaseLocation));
        }
        var config = DecoderConfig.Parse(description.Json, description.Source, run.BaseLocation);
        var length = run.Spec.Training.SequenceLength;
        var where = run.Spec.Training.ObjectiveLocation ?? run.SpecLocation;
        if (length > config.MaxPositions)
        {
            throw new MlOpsException(Diagnostic.Error(CausalLmErrorCodes.TooLong, string.Create(CultureInfo.InvariantCulture,
                $"training.max_length is {length}, and the {config.ModelName} model has {config.MaxPositions} positions: set training.max_length to at most {config.MaxPositions}"), where));
        }
        if (config.SlidingWindow is { } window && config.AttentionWindow is null && length > window)
        {
            throw new MlOpsException(Diagnostic.Error(DecoderErrorCodes.SlidingWindow, string.Create(CultureInfo.InvariantCulture,
                $"{config.ModelName} attends within a sliding window of {window} tokens, and training.max_length is {length}: MlOps does not compute Qwen2's sliding-window attention (layers from max_window_layers on); set training.max_length to at most {window}"), where));
        }
        if (run.Data.Tokenizer is { } tokenizer)
        {
            Text.TokenizerFit.Check(tokenizer, config.VocabSize, description.Source, run.BaseLocation);
        }
        return config;
    }
}
