using MlOps.Contracts.Metrics;
using MlOps.Core.Data.CausalLm;
using MlOps.Core.Training;
using MlOps.Core.Training.Objectives;
using static TorchSharp.torch;

namespace MlOps.Core.Evaluation;

/// <summary>
/// A language model's loss on a split: the next-token cross-entropy summed over every learned token
/// of every row, divided by their count (a token mean, so long and short examples weigh by their
/// tokens, as transformers' evaluation loss and lm-eval's perplexity do); perplexity is its exp.
/// </summary>
public static class CausalLmLoss
{
    public static Dictionary<string, double> Evaluate(nn.Module<Tensor, Tensor> model, ISplitBatches split, int batchSize)
    {
        var wasTraining = model.training;
        model.eval();
        double sum = 0;
        long tokens = 0;
        using (no_grad())
        {
            using var reader = split.Read(null, batchSize, 0, BatchPass.Evaluation);
            for (long start = 0; start < split.Rows; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var (ids, labels) = CausalLmObjective.Split(reader.Next().Features);
                var (logits, targets) = CausalLmObjective.Shift(model.forward(ids).to(ScalarType.Float32), labels);
                var count = targets.ne(TokenSequence.Ignore).sum().item<long>();
                if (count == 0)
                {
                    continue;
                }
                sum += nn.functional.cross_entropy(logits, targets, ignore_index: TokenSequence.Ignore, reduction: nn.Reduction.Sum).to(ScalarType.Float64).item<double>();
                tokens += count;
            }
        }
        model.train(wasTraining);
        var loss = tokens == 0 ? double.NaN : sum / tokens;
        return new Dictionary<string, double>
        {
            [MetricNames.Loss] = loss,
            [MetricNames.Perplexity] = Math.Exp(loss),
        };
    }
}
