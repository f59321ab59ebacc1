using MlOps.Contracts.Metrics;
using MlOps.Core.Models.Transformers;
using MlOps.Core.Training;
using MlOps.Core.Training.Objectives;
using static TorchSharp.torch;

namespace MlOps.Core.Evaluation;

/// <summary>
/// Masked-LM metrics of a split: the same masks every epoch (a generator seeded by the run's seed
/// and the split), so epochs and runs compare like for like. Loss and accuracy count masked tokens only.
/// </summary>
public static class MaskedLmEvaluator
{
    private const int BatchSize = 64;

    public static Dictionary<string, double> Evaluate(nn.Module<Tensor, Tensor> model, ISplitBatches split, MaskingOptions masking, int seed, string splitName)
    {
        var wasTraining = model.training;
        model.eval();
        double lossSum = 0, correct = 0, masked = 0;
        using (no_grad())
        {
            using var generator = new Generator(new BatchKey(seed, -1, StableHash(splitName)).GeneratorSeed);
            using var reader = split.Read(null, BatchSize, 0, BatchPass.Evaluation);
            for (long start = 0; start < split.Rows; start += BatchSize)
            {
                using var scope = NewDisposeScope();
                var ids = reader.Next().Features;
                var (inputs, labels) = MaskedLanguageModeling.Mask(ids, masking, generator);
                var logits = model.forward(inputs);
                var targets = labels.narrow(1, 0, logits.shape[1]).reshape(-1);
                var flat = logits.reshape(-1, logits.shape[2]).to(float32);
                var chosen = targets.ne(MaskedLanguageModeling.IgnoreIndex);
                var count = chosen.sum().item<long>();
                if (count == 0)
                {
                    continue;
                }
                lossSum += nn.functional.cross_entropy(flat, targets, ignore_index: MaskedLanguageModeling.IgnoreIndex, reduction: nn.Reduction.Sum).item<float>();
                correct += flat.argmax(1).eq(targets).logical_and(chosen).sum().item<long>();
                masked += count;
            }
        }
        model.train(wasTraining);
        var loss = masked == 0 ? double.NaN : lossSum / masked;
        return new Dictionary<string, double>
        {
            [MetricNames.MaskedLmLoss] = loss,
            [MetricNames.Loss] = loss,
            [MetricNames.MaskedAccuracy] = masked == 0 ? double.NaN : correct / masked,
            [MetricNames.Perplexity] = Math.Exp(loss),
        };
    }

    /// <summary>string.GetHashCode differs per process; the masks must not.</summary>
    private static int StableHash(string text) => text.Aggregate(17, (h, c) => unchecked((h * 31) + c)) & 0x7FFF;
}
