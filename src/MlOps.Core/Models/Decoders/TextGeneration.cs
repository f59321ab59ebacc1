using System.Globalization;
using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Decoders;

/// <summary>
/// Continues a batch of prompts with a causal language model: prompts left-padded (positions count
/// real tokens only, so padding does not change a prompt's continuation), the prompt computed once
/// into a <see cref="KvCache"/>, then one token per step. A row stops after an end-of-sequence token
/// or <see cref="GenerationOptions.MaxNewTokens"/>; the batch stops when every row has.
/// </summary>
public static class TextGeneration
{
    /// <returns>The new tokens of each prompt (an end-of-sequence token included), without the prompt.</returns>
    public static IReadOnlyList<int[]> Generate(DecoderForCausalLm model, IReadOnlyList<IReadOnlyList<int>> prompts, GenerationOptions options, SourceLocation where)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(options);
        Check(model.Config, prompts, options, where);
        var pad = options.PadTokenId ?? model.Config.PadTokenId;
        var eos = (options.EosTokenIds ?? model.Config.EosTokenIds).Select(e => (long)e).ToArray();
        var width = prompts.Max(p => p.Count);
        var device = model.parameters().First().device;
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            using var cache = new KvCache(model.Config.Layers);
            using var generator = options.Sample ? new Generator((ulong)options.Seed, device) : null;
            var ids = tensor(prompts.SelectMany(p => Enumerable.Repeat((long)pad, width - p.Count).Concat(p.Select(t => (long)t))).ToArray(),
                [prompts.Count, width], device: device);
            var mask = tensor(prompts.SelectMany(p => Enumerable.Repeat(false, width - p.Count).Concat(Enumerable.Repeat(true, p.Count))).ToArray(),
                [prompts.Count, width], device: device);
            var outputs = prompts.Select(_ => new List<int>()).ToArray();
            var done = new bool[prompts.Count];
            var logits = model.Logits(ids, mask, cache).select(1, -1);
            for (var step = 0; step < options.MaxNewTokens; step++)
            {
                var next = (options.Sample ? Sampled(logits, options, generator!) : logits.argmax(-1)).cpu().data<long>().ToArray();
                for (var row = 0; row < next.Length; row++)
                {
                    if (done[row])
                    {
                        next[row] = pad;
                        continue;
                    }
                    outputs[row].Add((int)next[row]);
                    done[row] = eos.Contains(next[row]);
                }
                if (done.All(d => d) || step == options.MaxNewTokens - 1)
                {
                    break;
                }
                mask = cat([mask, ones(prompts.Count, 1, dtype: ScalarType.Bool, device: device)], 1);
                logits = model.Logits(tensor(next, [prompts.Count, 1], device: device), mask, cache).select(1, -1);
            }
            return [.. outputs.Select(o => o.ToArray())];
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>One token per row from logits [batch, vocab]: temperature, then top-k, then top-p, then a seeded draw.</summary>
    private static Tensor Sampled(Tensor logits, GenerationOptions options, Generator generator)
    {
        using var scope = NewDisposeScope();
        var scores = logits.to(ScalarType.Float32) / options.Temperature;
        if (options.TopK > 0 && options.TopK < scores.shape[1])
        {
            var kth = scores.topk(options.TopK, -1).values.narrow(1, options.TopK - 1, 1);
            scores = scores.masked_fill(scores < kth, double.NegativeInfinity);
        }
        if (options.TopP < 1)
        {
            // Ascending order: drop the unlikely tail whose mass is at most 1 - p, always keeping the most likely token.
            var (sorted, order) = scores.sort(-1, descending: false);
            var tail = sorted.softmax(-1).cumsum(-1) <= (1 - options.TopP);
            tail.select(1, -1).fill_(false);
            scores = scores.masked_fill(tail.scatter(1, order, tail), double.NegativeInfinity);
        }
        return multinomial(scores.softmax(-1), 1, replacement: false, generator: generator).squeeze(1).MoveToOuterDisposeScope();
    }

    private static void Check(DecoderConfig config, IReadOnlyList<IReadOnlyList<int>> prompts, GenerationOptions options, SourceLocation where)
    {
        string? problem = null;
        var longest = prompts.Count == 0 ? 0 : prompts.Max(p => p.Count);
        if (prompts.Count == 0 || prompts.Any(p => p.Count == 0))
        {
            problem = "every prompt needs at least one token";
        }
        else if (prompts.SelectMany(p => p).Any(t => t < 0 || t >= config.VocabSize))
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"a prompt has a token outside the vocabulary (0–{config.VocabSize - 1}): use the model's own tokenizer");
        }
        else if (options.MaxNewTokens < 1)
        {
            problem = "max_new_tokens must be at least 1";
        }
        else if (longest + options.MaxNewTokens > config.MaxPositions)
        {
            problem = string.Create(CultureInfo.InvariantCulture,
                $"the longest prompt ({longest} tokens) plus max_new_tokens ({options.MaxNewTokens}) exceeds the model's {config.MaxPositions} positions: shorten the prompts or lower max_new_tokens");
        }
        else if (options.Sample && (options.Temperature <= 0 || options.TopP <= 0 || options.TopP > 1 || options.TopK < 0))
        {
            problem = "sampling needs temperature > 0, 0 < top_p ≤ 1 and top_k ≥ 0";
        }
        if (problem is not null)
        {
            throw new MlOpsException(Diagnostic.Error(DecoderErrorCodes.BadGeneration, $"cannot generate with {config.ModelName}: {problem}", where));
        }
        SlidingWindowCheck.Fits(config, longest + options.MaxNewTokens, "the longest prompt plus max_new_tokens", where);
    }
}

/// <summary>Qwen2's sliding window is computed only where it changes nothing: sequences no longer than the window (Mistral's is computed).</summary>
internal static class SlidingWindowCheck
{
    public static void Fits(DecoderConfig config, long length, string what, SourceLocation where)
    {
        if (config.SlidingWindow is { } window && config.AttentionWindow is null && length > window)
        {
            throw new MlOpsException(Diagnostic.Error(DecoderErrorCodes.SlidingWindow, string.Create(CultureInfo.InvariantCulture,
                $"{config.ModelName} attends within a sliding window of {window} tokens, and {what} is {length}: MlOps does not compute Qwen2's sliding-window attention (layers from max_window_layers on); keep sequences to at most {window} tokens"),
                where));
        }
    }
}
