using Microsoft.ML.OnnxRuntime;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Export;

namespace MlOps.Core.Export;

/// <summary>
/// An exported graph in ONNX Runtime (CPU): encoded rows in, logits out, in batches. Text ids arrive
/// as the floats the run encodes them as and go in as int64. A runtime that will not load on this
/// machine, or refuses the graph, is MLOPS550.
/// </summary>
internal sealed class OnnxRuntimeScorer : IDisposable
{
    private readonly InferenceSession session;
    private readonly OnnxTensorInfo input;
    private readonly string output;
    private readonly string modelPath;
    private readonly string? mask;
    private readonly long pad;

    public OnnxRuntimeScorer(string modelPath, OnnxManifest manifest)
    {
        this.modelPath = modelPath;
        input = manifest.Inputs[0];
        // A decoder classifier also takes attention_mask, derived from the right-padded ids as training derives it.
        if (manifest.Preprocessing.Text is { AttentionMask: AttentionMasks.ThroughLastNonPad } text && manifest.Inputs.Count > 1)
        {
            mask = manifest.Inputs[1].Name;
            pad = text.PadTokenId;
        }
        output = manifest.Output.Name;
        try
        {
            session = new InferenceSession(modelPath);
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            throw Failed(modelPath, "could not load it", e);
        }
    }

    /// <summary>The version of the native runtime that scores (for result.json).</summary>
    public static string Version => OrtEnv.Instance().GetVersionString();

    public InferenceSession Session => session;

    /// <summary>Logits, rows × classes, row-major, for <paramref name="rows"/> encoded samples of <paramref name="sampleShape"/>.</summary>
    public float[] Logits(float[] features, int rows, int[] sampleShape, int classes, int batchSize = 256)
    {
        var perSample = sampleShape.Aggregate(1, (a, b) => a * b);
        var logits = new float[(long)rows * classes];
        for (var start = 0; start < rows; start += batchSize)
        {
            var count = Math.Min(batchSize, rows - start);
            long[] shape = [count, .. sampleShape.Select(d => (long)d)];
            var slice = features.AsMemory(start * perSample, count * perSample);
            var ids = input.Dtype == OnnxDtypes.Int64 ? ToLongs(slice.Span) : null;
            using var value = ids is not null
                ? OrtValue.CreateTensorValueFromMemory(ids, shape)
                : OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, slice, shape);
            var maskValues = new long[mask is null || ids is null ? 0 : ids.Length];
            if (maskValues.Length > 0)
            {
                AttentionMasks.ThroughLastNonPadInto(ids, sampleShape[^1], pad, maskValues);
            }
            using var maskValue = OrtValue.CreateTensorValueFromMemory(maskValues, maskValues.Length > 0 ? shape : [0]);
            try
            {
                using var options = new RunOptions();
                using var outputs = maskValues.Length > 0
                    ? session.Run(options, [input.Name, mask!], [value, maskValue], [output])
                    : session.Run(options, [input.Name], [value], [output]);
                outputs[0].GetTensorDataAsSpan<float>().CopyTo(logits.AsSpan(start * classes, count * classes));
            }
            catch (OnnxRuntimeException e)
            {
                throw Failed(modelPath, "could not run it", e);
            }
        }
        return logits;
    }

    public void Dispose() => session.Dispose();

    private static long[] ToLongs(ReadOnlySpan<float> ids)
    {
        var longs = new long[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            longs[i] = (long)ids[i];
        }
        return longs;
    }

    private static MlOpsException Failed(string modelPath, string what, Exception e) =>
        new(Diagnostic.Error(ExportErrorCodes.RuntimeFailed,
            $"ONNX Runtime {what} ('{modelPath}'): {e.Message.TrimEnd('.')}; check that Microsoft.ML.OnnxRuntime's native library (runtimes/<rid>/native/libonnxruntime) is beside the runner and suits this machine, or remove `export:` from the spec",
            SourceLocation.None(modelPath)));
}
