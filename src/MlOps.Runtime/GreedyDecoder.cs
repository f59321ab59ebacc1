using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Export;

namespace MlOps.Runtime;

/// <summary>
/// Greedy decoding with an exported causal language model, as the trainer's TextGeneration does it:
/// prompts left-padded with the pad id under the attention mask, the prompt computed once, then one
/// token per step through the key/value cache (present.N → past_key_values.N; a graph exported without
/// the cache recomputes the whole sequence), the most likely token (ties to the lowest id). A row stops
/// after an end-of-sequence token (kept) or max_new_tokens; finished rows are fed the pad id.
/// </summary>
internal sealed class GreedyDecoder(InferenceSession session, OnnxManifest manifest, string source)
{
    private readonly OnnxGeneration generation = manifest.Generation!;
    private readonly int vocabulary = (int)manifest.Output.Shape[^1];

    public int[][] Generate(IReadOnlyList<IReadOnlyList<int>> prompts, int maxNewTokens)
    {
        Check(prompts, maxNewTokens);
        var rows = prompts.Count;
        var width = prompts.Max(p => p.Count);
        var pad = generation.PadTokenId;
        var outputs = prompts.Select(_ => new List<int>()).ToArray();
        var done = new bool[rows];
        // Every row's tokens so far, left-padded: what a graph without the cache recomputes each step.
        var sequences = prompts.Select(p => Enumerable.Repeat((long)pad, width - p.Count).Concat(p.Select(t => (long)t)).ToList()).ToArray();
        var real = prompts.Select(p => Enumerable.Repeat(0L, width - p.Count).Concat(Enumerable.Repeat(1L, p.Count)).ToList()).ToArray();
        IDisposableReadOnlyCollection<OrtValue>? previous = null;
        using var options = new RunOptions();
        try
        {
            long[] ids = [.. sequences.SelectMany(s => s)];
            for (var step = 0; step < maxNewTokens; step++)
            {
                var length = ids.Length / rows;
                var current = Run(options, ids, [.. real.SelectMany(m => m)], rows, previous);
                previous?.Dispose();
                previous = current;
                var logits = current[0].GetTensorDataAsSpan<float>();
                var next = new long[rows];
                for (var row = 0; row < rows; row++)
                {
                    next[row] = done[row] ? pad : ArgMax(logits.Slice(((row * length) + length - 1) * vocabulary, vocabulary));
                    if (!done[row])
                    {
                        outputs[row].Add((int)next[row]);
                        done[row] = generation.EosTokenIds.Contains((int)next[row]);
                    }
                    sequences[row].Add(next[row]);
                    real[row].Add(1);
                }
                if (done.All(d => d))
                {
                    break;
                }
                ids = generation.PastKeyValues ? next : [.. sequences.SelectMany(s => s)];
            }
            return [.. outputs.Select(o => o.ToArray())];
        }
        catch (OnnxRuntimeException e)
        {
            throw new MlOpsException(Diagnostic.Error(RuntimeErrorCodes.RuntimeFailed,
                $"ONNX Runtime could not run the language model in '{source}': {e.Message.TrimEnd('.')}; check that the Microsoft.ML.OnnxRuntime native library suits this machine",
                SourceLocation.None(source)));
        }
        finally
        {
            previous?.Dispose();
        }
    }

    /// <summary>One pass: the new ids, the mask over past and new positions, the previous pass's present keys and values as the past (empty at first).</summary>
    private IDisposableReadOnlyCollection<OrtValue> Run(RunOptions options, long[] ids, long[] mask, int rows, IDisposableReadOnlyCollection<OrtValue>? previous)
    {
        var names = new List<string> { manifest.Inputs[0].Name, manifest.Inputs[1].Name };
        var values = new List<OrtValue>
        {
            OrtValue.CreateTensorValueFromMemory(ids, [rows, ids.Length / rows]),
            OrtValue.CreateTensorValueFromMemory(mask, [rows, mask.Length / rows]),
        };
        var outputNames = new List<string> { manifest.Output.Name };
        var owned = new List<OrtValue>(values);
        try
        {
            for (var layer = 0; generation.PastKeyValues && layer < generation.Layers; layer++)
            {
                foreach (var part in (string[])["key", "value"])
                {
                    names.Add($"past_key_values.{layer}.{part}");
                    outputNames.Add($"present.{layer}.{part}");
                    if (previous is null)
                    {
                        var empty = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, [rows, generation.KeyValueHeads, 0, generation.HeadDim]);
                        owned.Add(empty);
                        values.Add(empty);
                    }
                    else
                    {
                        values.Add(previous[outputNames.Count - 1]);
                    }
                }
            }
            return session.Run(options, names, values, outputNames);
        }
        finally
        {
            owned.ForEach(v => v.Dispose());
        }
    }

    private static long ArgMax(ReadOnlySpan<float> logits)
    {
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }
        return best;
    }

    private void Check(IReadOnlyList<IReadOnlyList<int>> prompts, int maxNewTokens)
    {
        string? problem = null;
        if (prompts.Count == 0 || prompts.Any(p => p is null || p.Count == 0))
        {
            problem = "every prompt needs at least one token";
        }
        else if (prompts.SelectMany(p => p).Any(t => t < 0 || t >= vocabulary))
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"a prompt has a token outside the vocabulary (0–{vocabulary - 1}): use the model's own tokenizer");
        }
        else if (maxNewTokens < 1)
        {
            problem = "maxNewTokens must be at least 1";
        }
        else if (prompts.Max(p => p.Count) + maxNewTokens > generation.MaxPositions)
        {
            problem = string.Create(CultureInfo.InvariantCulture,
                $"the longest prompt ({prompts.Max(p => p.Count)} tokens) plus maxNewTokens ({maxNewTokens}) exceeds the model's {generation.MaxPositions} positions: shorten the prompt or ask for fewer tokens");
        }
        else if (generation.SlidingWindow is { } window && prompts.Max(p => p.Count) + maxNewTokens > window)
        {
            problem = string.Create(CultureInfo.InvariantCulture,
                $"the model attends within a sliding window of {window} tokens, which the exported graph does not compute: keep the longest prompt plus maxNewTokens to at most {window}");
        }
        if (problem is not null)
        {
            throw new MlOpsException(Diagnostic.Error(RuntimeErrorCodes.InputInvalid, $"cannot generate with the model in '{source}': {problem}", SourceLocation.None(source)));
        }
    }
}
