using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Export;
using MlOps.Core.Export;
using MlOps.Core.Models;
using MlOps.Core.Models.Transformers;
using static TorchSharp.torch;

namespace MlOps.Benchmarks;

/// <summary>
/// Inference latency of one model, exported to ONNX: ONNX Runtime (CPU, the same thread count) against
/// TorchSharp eval (no_grad), a single row and a batch of 64, same inputs, alternated, after a warm-up;
/// medians of the repeats. The rows are random inputs of the model's shape (token ids for text).
/// </summary>
internal static class InferenceBench
{
    public static object Run(Args args)
    {
        var name = args.Get("model", "credit-mlp");
        var threads = args.Int("threads", 1);
        var repeats = args.Int("repeats", 200);
        set_num_threads(threads);
        manual_seed(1);
        var (model, shape) = Build(name);
        using var _ = model;
        model.eval();
        var folder = Path.Combine(Path.GetTempPath(), "mlops-bench-onnx-" + Guid.NewGuid().ToString("N"));
        try
        {
            var layout = new OnnxExportLayout(Path.Combine(folder, "onnx"));
            var manifest = OnnxExporter.Write(model, new OnnxExportRequest(shape, [.. Enumerable.Range(0, model.ClassCount).Select(i => $"c{i}")],
                new OnnxPreprocessing { Kind = PreprocessingKinds.Tabular }, [], 17), layout);
            using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
            using var session = new InferenceSession(layout.Model, options);
            var text = manifest.Inputs[0].Dtype == OnnxDtypes.Int64;
            var single = Measure(model, session, manifest, shape, 1, text, repeats);
            var batch = Measure(model, session, manifest, shape, 64, text, Math.Max(10, repeats / 8));
            return new
            {
                model = name, threads, repeats,
                torch_single_ms = single.Torch, ort_single_ms = single.Ort,
                torch_batch64_ms = batch.Torch, ort_batch64_ms = batch.Ort,
                max_abs_diff = Math.Max(single.Diff, batch.Diff),
                onnxruntime = OrtEnv.Instance().GetVersionString(),
            };
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (FineTuneModule, int[]) Build(string name) => name switch
    {
        "cnn-small" => (new SmallCnnModel(new ModelShape([1, 28, 28], 5, [], 0)), [1, 28, 28]),
        "bert-small" => (new TransformerClassifier(TransformerConfig.Read(Path.Combine(Repo(), "samples", "text", "models", "base", "config.json"), SourceLocation.None("")), 5), [48]),
        _ => (Workloads.NewModel(name), Workloads.SampleShape(name)),
    };

    private static string Repo([System.Runtime.CompilerServices.CallerFilePath] string here = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    private static (double Torch, double Ort, double Diff) Measure(FineTuneModule model, InferenceSession session, OnnxManifest manifest, int[] shape, int rows, bool text, int repeats)
    {
        long[] dims = [rows, .. shape.Select(d => (long)d)];
        var count = (int)dims.Aggregate(1L, (a, b) => a * b);
        var random = new Random(rows);
        // Text: real-looking ids (a [CLS]-like start, content, padding in the second half).
        var features = Enumerable.Range(0, count).Select(i => text ? (i % shape[0] < shape[0] / 2 ? random.Next(5, 3000) : 0f) : (float)random.NextDouble()).ToArray();
        var ids = features.Select(f => (long)f).ToArray();
        using var x = tensor(features, dims);
        using var input = text ? OrtValue.CreateTensorValueFromMemory(ids, dims) : OrtValue.CreateTensorValueFromMemory(features, dims);
        using var runOptions = new RunOptions();
        string[] inputNames = [manifest.Inputs[0].Name];
        string[] outputNames = [manifest.Output.Name];
        float[] TorchOnce()
        {
            using var __ = no_grad();
            using var logits = model.forward(x);
            return logits.data<float>().ToArray();
        }
        float[] OrtOnce()
        {
            using var outputs = session.Run(runOptions, inputNames, [input], outputNames);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
        for (var i = 0; i < 5; i++)
        {
            TorchOnce();
            OrtOnce();
        }
        var diff = TorchOnce().Zip(OrtOnce(), (a, b) => Math.Abs((double)a - b)).Max();
        var torch = new List<double>();
        var ort = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            TorchOnce();
            torch.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            OrtOnce();
            ort.Add(clock.Elapsed.TotalMilliseconds);
        }
        return (Median(torch), Median(ort), diff);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
