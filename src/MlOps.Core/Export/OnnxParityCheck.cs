using MlOps.Contracts.Metrics;
using MlOps.Contracts.Results;
using MlOps.Core.Evaluation;
using MlOps.Core.Training;
using static TorchSharp.torch;

namespace MlOps.Core.Export;

/// <summary>
/// Scores one split with the TorchSharp model (eval mode) and with the exported graph in ONNX Runtime,
/// and compares: the largest absolute logit difference, agreement of the predicted class, and every
/// metric computed the same way from both sets of logits.
/// </summary>
internal static class OnnxParityCheck
{
    public static OnnxParity Measure(nn.Module<Tensor, Tensor> model, OnnxRuntimeScorer scorer, TensorSplit split, float[] features, int[] sampleShape,
        long[] labels, IReadOnlyList<string> classes, IEnumerable<string> metricNames, string? positiveLabel, string splitName)
    {
        var torchLogits = TorchLogits(model, split);
        var onnxLogits = scorer.Logits(features, split.Rows, sampleShape, classes.Count);
        var maxDiff = 0.0;
        for (var i = 0; i < torchLogits.Length; i++)
        {
            var diff = Math.Abs((double)torchLogits[i] - onnxLogits[i]);
            maxDiff = double.IsNaN(diff) ? double.NaN : Math.Max(maxDiff, diff);
        }
        var torchPredictions = Predictor.ToPredictions(Softmax(torchLogits, classes.Count), labels, classes);
        var onnxPredictions = Predictor.ToPredictions(Softmax(onnxLogits, classes.Count), labels, classes);
        var agree = Enumerable.Range(0, split.Rows).Count(i => torchPredictions.Predicted(i) == onnxPredictions.Predicted(i));
        var names = metricNames.Append(MetricNames.Accuracy).Where(n => n != MetricNames.Loss).Distinct().ToList();
        var torchMetrics = MetricCalculator.Compute(torchPredictions, names, positiveLabel);
        var onnxMetrics = MetricCalculator.Compute(onnxPredictions, names, positiveLabel);
        return new OnnxParity(splitName, split.Rows, maxDiff, split.Rows == 0 ? double.NaN : (double)agree / split.Rows,
            torchMetrics, onnxMetrics, onnxMetrics.Where(m => torchMetrics.ContainsKey(m.Key)).ToDictionary(m => m.Key, m => m.Value - torchMetrics[m.Key]))
        {
            Runtime = OnnxRuntimeScorer.Version,
        };
    }

    /// <summary>The model's fp32 logits in eval mode, rows × classes (a bf16 model's computed as Predictor does).</summary>
    public static float[] TorchLogits(nn.Module<Tensor, Tensor> model, TensorSplit split, int batchSize = 256)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            var bf16 = model.parameters().FirstOrDefault()?.dtype == MixedPrecision.ComputeType;
            var chunks = new List<float[]>();
            for (long start = 0; start < split.Rows; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var features = split.Features.narrow(0, start, Math.Min(batchSize, split.Rows - start));
                var logits = bf16 ? model.forward(MixedPrecision.Input(model, features)) : model.forward(features);
                chunks.Add(logits.to(ScalarType.Float32).cpu().data<float>().ToArray());
            }
            return [.. chunks.SelectMany(c => c)];
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    private static float[] Softmax(float[] logits, int classes)
    {
        var probabilities = new float[logits.Length];
        for (var row = 0; row < logits.Length / classes; row++)
        {
            var span = logits.AsSpan(row * classes, classes);
            double max = double.NegativeInfinity, sum = 0;
            foreach (var v in span)
            {
                max = Math.Max(max, v);
            }
            for (var c = 0; c < classes; c++)
            {
                sum += Math.Exp(span[c] - max);
            }
            for (var c = 0; c < classes; c++)
            {
                probabilities[(row * classes) + c] = (float)(Math.Exp(span[c] - max) / sum);
            }
        }
        return probabilities;
    }
}
