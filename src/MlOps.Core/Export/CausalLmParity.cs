using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Export;
using MlOps.Contracts.Results;
using MlOps.Core.Models.Decoders;
using static TorchSharp.torch;

namespace MlOps.Core.Export;

/// <summary>
/// A language model's parity for result.json and the <c>{ export: onnx }</c> gate: the token rows of a
/// split, right-padded in batches, through the model (eval, float32) and through the exported graph in
/// ONNX Runtime (an empty cache when it has one); the largest absolute logit difference over every real
/// position and the share of real positions whose most likely next token agrees. No classification metrics.
/// </summary>
internal static class CausalLmParity
{
    public static OnnxParity Measure(DecoderForCausalLm model, string modelPath, OnnxManifest manifest, IReadOnlyList<IReadOnlyList<int>> rows, string splitName, int batchSize = 16)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(manifest);
        var generation = manifest.Generation ?? throw new ArgumentException("not a causal-lm manifest", nameof(manifest));
        var wasTraining = model.training;
        model.eval();
        var maxDiff = 0.0;
        long positions = 0, agree = 0;
        try
        {
            using var session = new InferenceSession(modelPath);
            using var options = new RunOptions();
            using var _ = no_grad();
            for (var start = 0; start < rows.Count; start += batchSize)
            {
                var batch = rows.Skip(start).Take(batchSize).ToList();
                var width = batch.Max(r => r.Count);
                long[] ids = [.. batch.SelectMany(r => r.Select(t => (long)t).Concat(Enumerable.Repeat((long)generation.PadTokenId, width - r.Count)))];
                long[] mask = [.. batch.SelectMany(r => Enumerable.Repeat(1L, r.Count).Concat(Enumerable.Repeat(0L, width - r.Count)))];
                float[] expected;
                using (var scope = NewDisposeScope())
                {
                    expected = model.Logits(tensor(ids, [batch.Count, width]), tensor(mask, [batch.Count, width])).to(ScalarType.Float32).cpu().data<float>().ToArray();
                }
                var actual = Run(session, options, manifest, generation, ids, mask, batch.Count);
                var vocabulary = expected.Length / ids.Length;
                for (var p = 0; p < ids.Length; p++)
                {
                    if (mask[p] == 0)
                    {
                        continue;
                    }
                    var e = expected.AsSpan(p * vocabulary, vocabulary);
                    var a = actual.AsSpan(p * vocabulary, vocabulary);
                    for (var v = 0; v < vocabulary; v++)
                    {
                        var diff = Math.Abs((double)e[v] - a[v]);
                        maxDiff = double.IsNaN(diff) || double.IsNaN(maxDiff) ? double.NaN : Math.Max(maxDiff, diff);
                    }
                    positions++;
                    agree += e.IndexOf(Max(e)) == a.IndexOf(Max(a)) ? 1 : 0;
                }
            }
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            throw new MlOpsException(Diagnostic.Error(ExportErrorCodes.RuntimeFailed,
                $"ONNX Runtime could not run '{modelPath}': {e.Message.TrimEnd('.')}; check that Microsoft.ML.OnnxRuntime's native library suits this machine, or remove `export:` from the spec",
                SourceLocation.None(modelPath)));
        }
        finally
        {
            model.train(wasTraining);
        }
        var empty = new Dictionary<string, double>();
        return new OnnxParity(splitName, rows.Count, maxDiff, positions == 0 ? double.NaN : (double)agree / positions, empty, empty, empty)
        {
            Runtime = OnnxRuntimeScorer.Version,
        };
    }

    private static float[] Run(InferenceSession session, RunOptions options, OnnxManifest manifest, OnnxGeneration generation, long[] ids, long[] mask, int rows)
    {
        var values = new List<OrtValue>
        {
            OrtValue.CreateTensorValueFromMemory(ids, [rows, ids.Length / rows]),
            OrtValue.CreateTensorValueFromMemory(mask, [rows, mask.Length / rows]),
        };
        var names = new List<string> { manifest.Inputs[0].Name, manifest.Inputs[1].Name };
        for (var layer = 0; generation.PastKeyValues && layer < generation.Layers; layer++)
        {
            foreach (var part in (string[])["key", "value"])
            {
                names.Add($"past_key_values.{layer}.{part}");
                values.Add(OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, [rows, generation.KeyValueHeads, 0, generation.HeadDim]));
            }
        }
        try
        {
            using var outputs = session.Run(options, names, values, [manifest.Output.Name]);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }
    }

    private static float Max(ReadOnlySpan<float> values)
    {
        var max = values[0];
        foreach (var v in values)
        {
            max = MathF.Max(max, v);
        }
        return max;
    }
}
