using MlOps.Core.Models;
using MlOps.Core.Training;
using static TorchSharp.torch;

namespace MlOps.Core.Evaluation;

/// <summary>Runs a model over a split in eval mode, without gradients, in batches.</summary>
public static class Predictor
{
    /// <summary>Class probabilities (rows × classes, row-major) and the mean cross-entropy.</summary>
    public static (float[] Probabilities, double MeanLoss) Predict(nn.Module<Tensor, Tensor> model, ISplitBatches split, int batchSize = 512)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            // A bf16 model (training.precision) gets bf16 inputs; metrics always come from fp32 logits.
            var bf16 = model.parameters().FirstOrDefault()?.dtype == MixedPrecision.ComputeType;
            var chunks = new List<float[]>();
            double lossSum = 0;
            using var reader = split.Read(null, batchSize, 0, BatchPass.Evaluation);
            for (long start = 0; start < split.Rows; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var (features, labels) = reader.Next();
                var logits = bf16 ? model.forward(MixedPrecision.Input(model, features)).to(ScalarType.Float32) : model.forward(features);
                lossSum += nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>();
                chunks.Add(nn.functional.softmax(logits, 1).cpu().data<float>().ToArray());
            }
            return ([.. chunks.SelectMany(c => c)], split.Rows == 0 ? double.NaN : lossSum / split.Rows);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    public static Predictions ToPredictions(float[] probabilities, long[] labels, IReadOnlyList<string> classes, IReadOnlyDictionary<string, string[]>? groups = null) =>
        new(labels, probabilities, classes, groups ?? new Dictionary<string, string[]>());
}
