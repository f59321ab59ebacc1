using MlOps.Contracts.Metrics;
using MlOps.Contracts.Results;
using MlOps.Core.Evaluation;
using MlOps.Core.Models;
using MlOps.Core.Training;
using MlOps.Specs.Model;
using static TorchSharp.torch;

namespace MlOps.Core.Pipeline;

/// <summary>
/// What evaluation hands to the result: metrics per split, the baseline's, and for a classifier the
/// predictions of the judged split (test when there is one, else validation; for fairness) and its
/// confusion matrix. Masked-LM pretraining has neither.
/// </summary>
internal sealed record RunEvaluation(
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Metrics,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Baseline,
    Predictions? Predictions,
    int[][] ConfusionMatrix)
{
    /// <summary>
    /// split → the fine-tuned model's per-example predictions and the baseline's (empty without a base
    /// checkpoint), for paired tests; null when the run makes no class predictions.
    /// </summary>
    public (IReadOnlyDictionary<string, Predictions> Model, IReadOnlyDictionary<string, Predictions> Baseline)? Paired { get; init; }

    /// <summary>Fairness results the run kind computed itself (causal_lm's counterfactual bias entries), beside the classifier's.</summary>
    public IReadOnlyList<FairnessResult> Fairness { get; init; } = [];

    /// <summary>causal_lm with evaluation.generation: the report's table rows.</summary>
    public IReadOnlyList<GenerationExample> GenerationExamples { get; init; } = [];

    public static RunEvaluation Classifier(RunContext run, FineTuneModule model, ISplitBatches train, ISplitBatches validation, ISplitBatches? test)
    {
        var fineTuned = ModelEvaluation.FineTuned(run, model, train, validation, test);
        var baseline = ModelEvaluation.Baseline(run, train, validation, test);
        var forgetting = ModelEvaluation.Forgetting(run, model);
        var metrics = fineTuned.BySplit.ToDictionary();
        var baselineMetrics = baseline?.BySplit.ToDictionary() ?? [];
        if (forgetting is { } f)
        {
            metrics[MetricSplit.Forgetting.Key()] = f.FineTuned;
            baselineMetrics[MetricSplit.Forgetting.Key()] = f.Base;
        }
        return new RunEvaluation(metrics, baselineMetrics, fineTuned.Judged, Confusion(fineTuned.Judged))
        {
            Paired = (fineTuned.Predictions, baseline?.Predictions ?? new Dictionary<string, Predictions>()),
        };
    }

    /// <summary>Masked-token loss, accuracy and perplexity on every split; no baseline (pretraining starts from nothing comparable).</summary>
    public static RunEvaluation MaskedLm(RunContext run, nn.Module<Tensor, Tensor> model, ISplitBatches train, ISplitBatches validation, ISplitBatches? test)
    {
        var metrics = new Dictionary<string, IReadOnlyDictionary<string, double>>
        {
            [MetricSplit.Train.Key()] = MaskedLmMetrics(run, model, train, MetricSplit.Train.Key()),
            [MetricSplit.Validation.Key()] = MaskedLmMetrics(run, model, validation, MetricSplit.Validation.Key()),
        };
        if (test is not null)
        {
            metrics[MetricSplit.Test.Key()] = MaskedLmMetrics(run, model, test, MetricSplit.Test.Key());
        }
        return new RunEvaluation(metrics, new Dictionary<string, IReadOnlyDictionary<string, double>>(), null, []);
    }

    /// <summary>Per epoch, keyed val_loss, val_accuracy, … (or val_masked_accuracy, … when pretraining).</summary>
    public static Dictionary<string, double> ValidationMetrics(RunContext run, nn.Module<Tensor, Tensor> model, ISplitBatches validation)
    {
        var metrics = run.Spec.Training.Objective == TrainingObjective.MaskedLm
            ? MaskedLmMetrics(run, model, validation, MetricSplit.Validation.Key())
            : model is Models.Decoders.DecoderForCausalLm languageModel
            ? new CausalLmEvaluation(run, languageModel).Validation(validation)
            : SplitEvaluator.Evaluate(model, validation, run.Data.Validation.Labels, run.Data.Classes,
                run.Data.Validation.Groups, run.MetricNames, run.Spec.Evaluation.PositiveLabel).Metrics;
        return metrics.ToDictionary(m => "val_" + m.Key, m => m.Value);
    }

    private static IReadOnlyDictionary<string, double> MaskedLmMetrics(RunContext run, nn.Module<Tensor, Tensor> model, ISplitBatches split, string name) =>
        MaskedLmEvaluator.Evaluate(model, split, run.RequireMasking, run.Spec.Seed, name);

    private static int[][] Confusion(Predictions predictions)
    {
        var matrix = Enumerable.Range(0, predictions.ClassCount).Select(_ => new int[predictions.ClassCount]).ToArray();
        for (var i = 0; i < predictions.Rows; i++)
        {
            matrix[predictions.Labels[i]][predictions.Predicted(i)]++;
        }
        return matrix;
    }
}
