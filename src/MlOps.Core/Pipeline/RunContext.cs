using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Metrics;
using MlOps.Contracts.Results;
using MlOps.Core.Data;
using MlOps.Core.Models;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Training;
using MlOps.Specs.Fingerprint;
using MlOps.Specs.Model;
using static TorchSharp.torch;

namespace MlOps.Core.Pipeline;

/// <summary>What the stages of one run share once the spec, data and base checkpoint are read.</summary>
internal sealed record RunContext(
    FineTuneSpec Spec,
    OutputLayout Layout,
    Device Device,
    int Threads,
    string Fingerprint,
    ModelRegistry Registry,
    LoadedData Data,
    ModelMetadata? BaseMetadata,
    bool ReplaceHead)
{
    /// <summary>The base checkpoint's architecture description (config.json), when it has one.</summary>
    public ModelConfig? BaseConfig { get; init; }

    /// <summary>The base checkpoint's source and digests, read once when the run starts; null without one.</summary>
    public BaseCheckpointSource? BaseSource { get; init; }

    /// <summary>Masked-LM pretraining: which tokens may be masked and with what (from the tokenizer and config).</summary>
    public Models.Transformers.MaskingOptions? Masking { get; init; }

    public Models.Transformers.MaskingOptions RequireMasking => Masking
        ?? throw new InvalidOperationException("training.objective masked_lm needs text data with a tokenizer");

    /// <summary>The output folder the user asked for, where <see cref="Layout"/> (the staging folder) is swapped in when the run completes.</summary>
    public OutputLayout? PublishedLayout { get; init; }

    public OutputLayout Published => PublishedLayout ?? Layout;

    public SourceLocation SpecLocation => Spec.At();

    public SourceLocation BaseLocation => Spec.Base.Location ?? SpecLocation;

    /// <summary>Every metric a spec mentions: evaluation.metrics plus the gates' metrics.</summary>
    public IReadOnlyList<string> MetricNames =>
        [.. Spec.Evaluation.Metrics.Concat(Spec.Gates.Select(g => g.Metric)).Distinct()];

    /// <summary>What the loop needs from this run; callers add their objective or adapter with `with`.</summary>
    public TrainerInputs TrainerInputs(nn.Module<Tensor, Tensor> model, ISplitBatches train, ISplitBatches validation,
        TrainingCheckpoint checkpoint, bool resume, IRunObserver observer) => new()
    {
        Model = model,
        Train = train,
        Spec = Spec.Training,
        Seed = Spec.Seed,
        Fingerprint = Fingerprint,
        Checkpoint = checkpoint,
        Resume = resume,
        EvaluateValidation = m => RunEvaluation.ValidationMetrics(this, m, validation),
        Location = SpecLocation,
        Observer = observer,
        Lengths = Data.Train.Lengths,
    };

    public FineTuneModule BuildModel(int classCount) =>
        ModelFactory.Build(Registry, Spec.Base, Data.Train.SampleShape, classCount, BaseLocation, BaseConfig);
}
