using MlOps.Core.Models.Decoders;
using MlOps.Text;
using static TorchSharp.torch;

namespace MlOps.Core.Fairness.Counterfactual;

/// <summary>
/// The log-probability (natural log, summed over its tokens) the model gives the reference completion
/// after each prompt: prompt encoded as transformers' default call does (bos for Llama), the reference's
/// tokens without special tokens after it, the log-softmax of each next-token prediction read at the
/// reference token.
/// </summary>
public sealed class LogProbabilityScorer(DecoderForCausalLm model, TextTokenizer tokenizer) : ICounterfactualScorer
{
    public IReadOnlyList<double> Score(IReadOnlyList<string> prompts, string reference)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        var completion = tokenizer.EncodeContent(reference);
        if (completion.Count == 0)
        {
            throw new ArgumentException("the reference completion encodes to no token", nameof(reference));
        }
        var device = model.parameters().First().device;
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            return [.. prompts.Select(prompt =>
            {
                using var scope = NewDisposeScope();
                var context = tokenizer.EncodeWithSpecialTokens(prompt);
                var ids = context.Concat(completion).Select(t => (long)t).ToArray();
                var input = tensor(ids, [1, ids.Length], device: device);
                var mask = ones(1, ids.Length, dtype: ScalarType.Bool, device: device);
                var logProbabilities = model.Logits(input, mask).to(ScalarType.Float64).log_softmax(-1)[0];
                // The token at position p is predicted by the logits at p - 1.
                var positions = tensor(Enumerable.Range(context.Count - 1, completion.Count).Select(p => (long)p).ToArray(), device: device);
                var targets = tensor(completion.Select(t => (long)t).ToArray(), device: device);
                return logProbabilities.index_select(0, positions).gather(1, targets.unsqueeze(1)).sum().item<double>();
            })];
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
