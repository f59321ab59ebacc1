using MlOps.Core.Models;
using MlOps.Core.Training;
using static TorchSharp.torch;

namespace MlOps.Benchmarks;

/// <summary>
/// The two benchmark models and their synthetic data, built exactly as reference.py builds them:
/// `mlp` 512→1024→1024→10 and `cnn-small` on 1×28×28, uniform features, labels i % 10.
/// </summary>
internal static class Workloads
{
    public static int[] SampleShape(string model) => model switch
    {
        "mlp" => [512],
        "credit-mlp" => [CreditFeatures],
        _ => [1, 28, 28],
    };

    /// <summary>`credit-mlp` is samples/credit's model: mlp [64, 32], dropout 0.1, on its encoded width.</summary>
    public static FineTuneModule NewModel(string model) => model switch
    {
        "mlp" => new MlpModel(new ModelShape([512], 10, [1024, 1024], 0)),
        "credit-mlp" => new MlpModel(new ModelShape([CreditFeatures], 10, [64, 32], 0.1)),
        _ => new SmallCnnModel(new ModelShape([1, 28, 28], 10, [], 0)),
    };

    private const int CreditFeatures = 61;

    public static TensorSplit Data(string model, int rows)
    {
        var width = SampleShape(model).Aggregate(1, (a, b) => a * b);
        var random = new Random(3);
        var features = new float[rows * width];
        for (var i = 0; i < features.Length; i++)
        {
            features[i] = (float)random.NextDouble();
        }
        var labels = Enumerable.Range(0, rows).Select(i => (long)(i % 10)).ToArray();
        return new TensorSplit(features, SampleShape(model), labels, CPU);
    }

    /// <summary>Peak resident set of this process so far, in MiB (VmHWM).</summary>
    public static double PeakRssMiB()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }
}
