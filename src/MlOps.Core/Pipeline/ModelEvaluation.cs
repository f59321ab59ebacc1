using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Metrics;
using MlOps.Contracts.Results;
using MlOps.Core.Data;
using MlOps.Core.Evaluation;
using MlOps.Core.Models;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Training;
using TorchSharp;

namespace MlOps.Core.Pipeline;

/// <summary>Metrics and per-example predictions per split for one model.</summary>
internal sealed record SplitMetrics(
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> BySplit,
    IReadOnlyDictionary<string, Predictions> Predictions)
{
    /// <summary>The split the gates and fairness are judged on: test when it was scored, else validation.</summary>
    public Predictions Judged => Predictions.GetValueOrDefault(MetricSplit.Test.Key()) ?? Predictions[MetricSplit.Validation.Key()];
}

/// <summary>
/// The fine-tuned model on train, validation and (when given) test data; the base model as a baseline (as is when the
/// labels match, else a linear probe on its frozen features); forgetting on the original task.
/// </summary>
internal static class ModelEvaluation
{
    public static SplitMetrics FineTuned(RunContext run, FineTuneModule model, ISplitBatches train, ISplitBatches validation, ISplitBatches? test) =>
        Evaluate(run, model, train, validation, test);

    /// <summary>Null without a base checkpoint (nothing to compare with).</summary>
    public static SplitMetrics? Baseline(RunContext run, ISplitBatches train, ISplitBatches validation, ISplitBatches? test)
    {
        if (run.Spec.Base.Checkpoint is not { } checkpoint)
        {
            return null;
        }
        using var baseModel = run.BuildModel(run.Data.Classes.Count);
        CheckpointLoader.Load(baseModel, checkpoint, run.ReplaceHead, run.BaseLocation);
        baseModel.to(run.Device);
        if (!run.ReplaceHead)
        {
            return Evaluate(run, baseModel, train, validation, test);
        }
        using var probe = LinearProbe.Train(baseModel, train, run.Data.Classes.Count, run.Spec.Seed);
        return Evaluate(run, probe, train, validation, test);
    }

    /// <summary>
    /// Another model of this task (the champion's weights) scored on the same rows, for a paired
    /// test: it must be the same architecture, classes and input encoding, else the reason is thrown.
    /// </summary>
    public static SplitMetrics Reference(RunContext run, string checkpoint, ISplitBatches train, ISplitBatches validation, ISplitBatches? test)
    {
        var metadata = CheckpointFile.ReadMetadata(checkpoint);
        var reason = metadata is null ? "it was not written by MlOps (no metadata)"
            : metadata.Architecture != run.Spec.Base.Model ? $"it is a '{metadata.Architecture}', this run a '{run.Spec.Base.Model}'"
            : !metadata.Classes.SequenceEqual(run.Data.Classes) ? $"it predicts [{string.Join(", ", metadata.Classes)}], this run [{string.Join(", ", run.Data.Classes)}]"
            : metadata.EncoderJson != run.Data.Encoder.ToJson() ? "it encodes its inputs differently (other columns or categories)"
            : null;
        if (reason is not null)
        {
            throw new InvalidDataException($"the champion's model cannot be scored on these examples: {reason}");
        }
        using var model = run.BuildModel(run.Data.Classes.Count);
        CheckpointLoader.Load(model, checkpoint, replaceHead: false, run.BaseLocation);
        model.to(run.Device);
        return Evaluate(run, model, train, validation, test);
    }

    /// <summary>(base model, fine-tuned backbone with the original head) on the original task's data.</summary>
    public static (IReadOnlyDictionary<string, double> Base, IReadOnlyDictionary<string, double> FineTuned)? Forgetting(RunContext run, FineTuneModule fineTuned)
    {
        if (run.Spec.Evaluation.Forgetting is not { } forgetting || run.Spec.Base.Checkpoint is not { } checkpoint)
        {
            return null;
        }
        if (run.BaseMetadata is not { Classes.Count: > 0 } metadata)
        {
            throw new MlOpsException(Diagnostic.Error(CheckpointErrorCodes.Unreadable,
                "evaluation.forgetting needs a base checkpoint written by MlOps (.safetensors), which records the original task's classes",
                forgetting.Location ?? run.SpecLocation));
        }
        var data = DatasetLoader.LoadForgetting(run.Spec, run.Data.Encoder, metadata.Classes);
        using var split = SplitBatches.Of(data, run.Device, run.Threads);
        using var original = run.BuildModel(metadata.Classes.Count);
        CheckpointLoader.Load(original, checkpoint, replaceHead: false, run.BaseLocation);
        original.to(run.Device);
        string[] names = [.. run.MetricNames.Append(forgetting.Metric).Distinct()];
        var before = SplitEvaluator.Evaluate(original, split, data.Labels, metadata.Classes, data.Groups, names, null).Metrics;

        // Fine-tuned backbone, original head. An adapter's updates are folded in first (merged
        // weights have exactly the original architecture's names).
        var tuned = Models.Adapters.LoraMerge.MergedState(fineTuned);
        try
        {
            using var _ = TorchSharp.torch.no_grad();
            foreach (var (name, target) in original.state_dict().Where(p => !original.IsHead(p.Key)))
            {
                target.copy_(tuned[name]);
            }
        }
        finally
        {
            StateDict.Dispose(tuned);
        }
        var after = SplitEvaluator.Evaluate(original, split, data.Labels, metadata.Classes, data.Groups, names, null).Metrics;
        return (before, after);
    }

    private static SplitMetrics Evaluate(RunContext run, TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> model, ISplitBatches train, ISplitBatches validation, ISplitBatches? test)
    {
        var positive = run.Spec.Evaluation.PositiveLabel;
        var metrics = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        var predictions = new Dictionary<string, Predictions>();
        void Score(MetricSplit name, ISplitBatches tensors, EncodedSplit data)
        {
            var (scored, values) = SplitEvaluator.Evaluate(model, tensors, data.Labels, run.Data.Classes, data.Groups, run.MetricNames, positive);
            metrics[name.Key()] = values;
            predictions[name.Key()] = scored;
        }
        Score(MetricSplit.Train, train, run.Data.Train);
        Score(MetricSplit.Validation, validation, run.Data.Validation);
        if (test is not null && run.Data.Test is { } testData)
        {
            Score(MetricSplit.Test, test, testData);
        }
        return new SplitMetrics(metrics, predictions);
    }
}
