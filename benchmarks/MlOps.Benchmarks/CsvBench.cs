using System.Diagnostics;
using System.Globalization;
using System.Text;
using MlOps.Core.Data;
using MlOps.Core.Training;
using MlOps.Specs;
using static TorchSharp.torch;

namespace MlOps.Benchmarks;

/// <summary>
/// CSV rows per second from file to training tensors (read, split, encode, TensorSplit) for a
/// generated <c>--rows</c> × 50-column file (49 numeric features + a label), and the peak RSS of the
/// process relative to the final tensors' size. <c>--generate PATH</c> only writes the file (bench.py
/// then loads it here with <c>--file PATH</c> and with pandas, alternately); with neither, a temp
/// file is generated, loaded and deleted.
/// </summary>
internal static class CsvBench
{
    public static object Run(Args args)
    {
        var rows = args.Int("rows", 1_000_000);
        if (args.Get("generate", "") is { Length: > 0 } target)
        {
            return new { rows, file_mib = Generate(target, rows) / 1024.0 / 1024.0 };
        }
        var given = args.Get("file", "");
        // With --file, the spec goes next to the file (bench.py deletes that folder).
        var folder = given.Length > 0 ? Path.GetDirectoryName(Path.GetFullPath(given))! : Path.Combine(Path.GetTempPath(), "mlops-bench-csv-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var csv = given.Length > 0 ? Path.GetFullPath(given) : Path.Combine(folder, "data.csv");
            var fileBytes = given.Length > 0 ? new FileInfo(csv).Length : Generate(csv, rows);
            var specPath = Path.Combine(folder, "spec.yaml");
            File.WriteAllText(specPath, $"name: csv-bench\nseed: 1\nbase:\n  model: mlp\ndata:\n  format: csv\n  train: {Path.GetFileName(csv)}\n  label: y\n");
            var loaded = SpecLoader.Load(specPath);
            var spec = loaded.Spec ?? throw new InvalidOperationException(string.Join("; ", loaded.Diagnostics));
            // libtorch's own pages (~150 MiB once loaded) are not the load's: load it before the baseline.
            using (zeros(1))
            {
            }
            var rssBefore = Workloads.PeakRssMiB();
            var clock = Stopwatch.StartNew();
            var data = DatasetLoader.Load(spec);
            using var train = new TensorSplit(data.Train.Features, data.Train.SampleShape, data.Train.Labels, CPU);
            using var validation = new TensorSplit(data.Validation.Features, data.Validation.SampleShape, data.Validation.Labels, CPU);
            var seconds = clock.Elapsed.TotalSeconds;
            var tensorMiB = (Bytes(train) + Bytes(validation)) / 1024.0 / 1024.0;
            return new
            {
                rows,
                columns = 50,
                file_mib = fileBytes / 1024.0 / 1024.0,
                seconds,
                rows_per_s = rows / seconds,
                tensor_mib = tensorMiB,
                peak_rss_mib = Workloads.PeakRssMiB(),
                peak_rss_before_load_mib = rssBefore,
                peak_rss_over_tensor = Workloads.PeakRssMiB() / tensorMiB,
                load_rss_growth_over_tensor = (Workloads.PeakRssMiB() - rssBefore) / tensorMiB,
            };
        }
        finally
        {
            if (given.Length == 0)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static long Bytes(TensorSplit split) =>
        (split.Features.NumberOfElements * split.Features.ElementSize) + (split.Labels.NumberOfElements * split.Labels.ElementSize);

    private static long Generate(string path, int rows)
    {
        var random = new Random(5);
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20))
        {
            writer.WriteLine(string.Join(',', Enumerable.Range(1, 49).Select(i => $"f{i}")) + ",y");
            var line = new StringBuilder();
            for (var r = 0; r < rows; r++)
            {
                line.Clear();
                for (var c = 0; c < 49; c++)
                {
                    line.Append((random.NextDouble() * 10).ToString("F3", CultureInfo.InvariantCulture)).Append(',');
                }
                line.Append(CultureInfo.InvariantCulture, $"c{r % 5}");
                writer.WriteLine(line);
            }
        }
        return new FileInfo(path).Length;
    }
}
