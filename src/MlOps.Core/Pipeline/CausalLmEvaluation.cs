using MlOps.Contracts.Metrics;
using MlOps.Contracts.Results;
using MlOps.Core.Evaluation;
using MlOps.Core.Models.Decoders;
using MlOps.Core.Training;

namespace MlOps.Core.Pipeline;

/// <summary>
/// How a causal-LM run is scored, split by split: the token-mean loss and perplexity
/// (<see cref="CausalLmLoss"/>). The one place a language model's metrics are made: per epoch
/// (<see cref="Validation"/>, keyed val_*) and after training (<see cref="Evaluate"/>); metrics of
/// generated text join <see cref="SplitMetrics"/>; the base model is the baseline of generation and of
/// forgetting (perplexity on general text, <see cref="CausalLmForgetting"/>).
/// </summary>
internal sealed class CausalLmEvaluation(RunContext run, DecoderForCausalLm model)
{
    public RunEvaluation Evaluate(ISplitBatches train, ISplitBatches validation, ISplitBatches? test)
    {
        var metrics = new Dictionary<string, IReadOnlyDictionary<string, double>>
        {
            [MetricSplit.Train.Key()] = SplitMetrics(train),
            [MetricSplit.Validation.Key()] = SplitMetrics(validation),
        };
        if (test is not null)
        {
            metrics[MetricSplit.Test.Key()] = SplitMetrics(test);
        }
        var baseline = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        var generation = CausalLmGeneration.Evaluate(run, model);
        foreach (var (split, generated) in generation?.FineTuned ?? new Dictionary<string, IReadOnlyDictionary<string, double>>())
        {
            metrics[split] = metrics[split].Concat(generated).ToDictionary();
        }
        foreach (var (split, generated) in generation?.Base ?? new Dictionary<string, IReadOnlyDictionary<string, double>>())
        {
            baseline[split] = generated;
        }
        if (CausalLmForgetting.Evaluate(run, model) is { } forgetting)
        {
            metrics[MetricSplit.Forgetting.Key()] = forgetting.FineTuned;
            baseline[MetricSplit.Forgetting.Key()] = forgetting.Base;
        }
        return new RunEvaluation(metrics, baseline, null, []) { GenerationExamples = generation?.Examples ?? [], Fairness = CausalLmBias.Evaluate(run, model) };
    }

    /// <summary>What an epoch's validation gives the loop (val_loss, val_perplexity): loss metrics only, which are cheap.</summary>
    public IReadOnlyDictionary<string, double> Validation(ISplitBatches validation) => LossMetrics(validation);

    /// <summary>Every metric of one split after training.</summary>
    public IReadOnlyDictionary<string, double> SplitMetrics(ISplitBatches split) => LossMetrics(split);

    private Dictionary<string, double> LossMetrics(ISplitBatches split) =>
        CausalLmLoss.Evaluate(model, split, Math.Min(run.Spec.Training.BatchSize, Math.Max(1, split.Rows)));
}
