using MlOps.Contracts.Metrics;
using MlOps.Core.Training;
using static TorchSharp.torch;

namespace MlOps.Core.Evaluation;

/// <summary>Predicts one split and computes the requested metrics (plus loss and accuracy, always).</summary>
public static class SplitEvaluator
{
    public static (Predictions Predictions, IReadOnlyDictionary<string, double> Metrics) Evaluate(
        nn.Module<Tensor, Tensor> model,
        ISplitBatches split,
        long[] labels,
        IReadOnlyList<string> classes,
        IReadOnlyDictionary<string, string[]> groups,
        IEnumerable<string> metricNames,
        string? positiveLabel)
    {
        var (probabilities, loss) = Predictor.Predict(model, split);
        var predictions = Predictor.ToPredictions(probabilities, labels, classes, groups);
        var names = metricNames.Append(MetricNames.Accuracy).Where(n => n != MetricNames.Loss).Distinct().ToList();
        var metrics = MetricCalculator.Compute(predictions, names, positiveLabel).ToDictionary();
        metrics[MetricNames.Loss] = loss;
        return (predictions, metrics);
    }
}
