using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Pipeline;
using MlOps.Runtime;

namespace MlOps.Benchmarks;

/// <summary>
/// MlOps.Runtime against raw ONNX Runtime on the same exported graph, same process, alternated after a
/// warm-up, single row and batch 64. Runtime paths: on encoded features (PredictEncoded: the wrapper's
/// own cost against session.Run on the same floats), the same with every row's label read (softmax and
/// Prediction made on reading) against raw ONNX Runtime plus a hand-written softmax/argmax per row, and
/// on named CSV cells (Predict: the preprocessing raw ONNX Runtime leaves to the caller, reported). Raw
/// "tuned" (options reused, logits bound into the caller's array) is reported beside the plain raw call.
/// The model: samples/app's credit spec (61 columns, mlp [32]) trained and exported once into out/runtime-bench/.
/// </summary>
internal static class RuntimeOverheadBench
{
    public static object Run(Args args)
    {
        var rounds = args.Int("rounds", 400);
        var folder = Export(args.Get("sample", Path.Combine("samples", "app")));
        using var model = FineTunedModel.Load(folder);
        using var session = new InferenceSession(Path.Combine(folder, "model.onnx"));
        var rows = ReadRows(Path.Combine(args.Get("sample", Path.Combine("samples", "app")), "data", "val.csv"));
        var results = new List<object>();
        foreach (var batch in new[] { 1, 64 })
        {
            var batchRows = Enumerable.Range(0, batch).Select(i => rows[i % rows.Count]).ToList();
            var features = Encode(model, batchRows);
            var width = features.Length / batch;
            // Short blocks, alternated (the order rotates each round), many rounds: a shared machine's load
            // shifts hit all three sides alike, and the medians over rounds drop the blocks it spoiled.
            var block = Math.Max(20, 2000 / batch);
            var classes = model.Classes.Count;
            using var sharedOptions = new RunOptions();
            var sides = new Action[]
            {
                () =>
                {
                    using var value = OrtValue.CreateTensorValueFromMemory(features, [batch, width]);
                    using var options = new RunOptions();
                    using var outputs = session.Run(options, ["features"], [value], ["logits"]);
                    _ = outputs[0].GetTensorDataAsSpan<float>()[0];
                },
                () => model.PredictEncoded(features, batch),
                () => model.Predict(batchRows),
                () =>
                {
                    // Raw ONNX Runtime written for speed: options reused, logits bound into the caller's array.
                    var logits = new float[batch * classes];
                    using var value = OrtValue.CreateTensorValueFromMemory(features, [batch, width]);
                    using var output = OrtValue.CreateTensorValueFromMemory(logits, [batch, classes]);
                    session.Run(sharedOptions, ["features"], [value], ["logits"], [output]);
                },
                () =>
                {
                    // Raw ONNX Runtime plus what a caller needs for labels: each row's softmax and most probable class.
                    using var value = OrtValue.CreateTensorValueFromMemory(features, [batch, width]);
                    using var options = new RunOptions();
                    using var outputs = session.Run(options, ["features"], [value], ["logits"]);
                    var logits = outputs[0].GetTensorDataAsSpan<float>();
                    Span<float> probabilities = stackalloc float[classes];
                    for (var row = 0; row < batch; row++)
                    {
                        Softmax(logits.Slice(row * classes, classes), probabilities);
                        Sink += probabilities.IndexOf(MaxOf(probabilities));
                    }
                },
                () =>
                {
                    // The runtime with every row's label read (softmax and Prediction made on reading).
                    foreach (var prediction in model.PredictEncoded(features, batch))
                    {
                        Sink += prediction.ClassIndex;
                    }
                },
            };
            var times = sides.Select(_ => new List<double>()).ToArray();
            foreach (var side in sides)
            {
                Time(block, side); // warm-up
            }
            for (var r = 0; r < rounds; r++)
            {
                for (var k = 0; k < sides.Length; k++)
                {
                    var s = (k + r) % sides.Length;
                    times[s].Add(Time(block, sides[s]));
                }
            }
            results.Add(new
            {
                batch,
                calls_per_block = block,
                rounds,
                raw_us_per_call = Median(times[0]),
                runtime_encoded_us_per_call = Median(times[1]),
                runtime_named_us_per_call = Median(times[2]),
                raw_tuned_us_per_call = Median(times[3]),
                raw_with_labels_us_per_call = Median(times[4]),
                runtime_labels_read_us_per_call = Median(times[5]),
            });
        }
        return new { model = "credit-app mlp [32]", results };
    }

    /// <summary>Keeps the labels the sides compute observable, so none is optimised away.</summary>
    public static long Sink;

    private static void Softmax(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        var max = MaxOf(logits);
        var sum = 0.0;
        for (var c = 0; c < logits.Length; c++)
        {
            probabilities[c] = MathF.Exp(logits[c] - max);
            sum += probabilities[c];
        }
        for (var c = 0; c < logits.Length; c++)
        {
            probabilities[c] = (float)(probabilities[c] / sum);
        }
    }

    private static float MaxOf(ReadOnlySpan<float> values)
    {
        var max = values[0];
        foreach (var v in values)
        {
            max = MathF.Max(max, v);
        }
        return max;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Microseconds per call, over <paramref name="count"/> calls.</summary>
    private static double Time(int count, Action call)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            call();
        }
        return watch.Elapsed.TotalMicroseconds / count;
    }

    private static float[] Encode(FineTunedModel model, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows) =>
        [.. rows.SelectMany(model.Encode)];

    private static string Export(string sample)
    {
        // out/ and mlruns/ at the repository root: ignored by git, inside the repository as spec paths must be.
        var output = Path.GetFullPath(Path.Combine("out", "runtime-bench"));
        var outcome = FineTuneRun.Execute(new RunRequest { SpecPath = Path.Combine(sample, "specs", "credit-app.yaml"), OutputDirectory = output },
            new QuietObserver(), CancellationToken.None);
        return outcome.ExitCode == ExitCodes.Passed ? Path.Combine(output, "onnx") : throw new InvalidOperationException($"the benchmark's export run exited {outcome.ExitCode}");
    }

    private static List<IReadOnlyDictionary<string, object?>> ReadRows(string csv)
    {
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',').Select(h => h.Trim('"')).ToArray();
        return [.. lines.Skip(1).Select(l => (IReadOnlyDictionary<string, object?>)header.Zip(l.Split(',').Select(c => c.Trim('"'))).ToDictionary(p => p.First, p => (object?)p.Second))];
    }
}

/// <summary>The export run prints nothing: the benchmark's last stdout line is its JSON.</summary>
internal sealed class QuietObserver : IRunObserver
{
    public void OnStart(int firstEpoch, int epochs, long batchesPerEpoch) { }

    public void OnBatch(int epoch, long batch, long batchesPerEpoch, double loss, double learningRate) { }

    public void OnEpoch(MlOps.Contracts.Results.EpochRecord record, int epochs, TimeSpan eta) { }

    public void OnMessage(string message) { }

    public void OnDiagnostic(Diagnostic diagnostic) { }

    public void OnStage(string stage) { }

    public void OnGate(MlOps.Contracts.Results.GateResult gate) { }
}
