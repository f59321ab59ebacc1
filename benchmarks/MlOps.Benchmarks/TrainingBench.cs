using static TorchSharp.torch;

namespace MlOps.Benchmarks;

/// <summary>
/// Samples per second of the product's Trainer for each model × thread count: per config one
/// short warm-up run, then one timed epoch of <c>--rows</c> rows. bench.py alternates whole
/// processes of this and reference.py, and takes the median over processes.
/// </summary>
internal static class TrainingBench
{
    public static object Run(Args args)
    {
        var rows = args.Int("rows", 64 * 40);
        var warmupRows = args.Int("warmup-rows", 64 * 10);
        var results = new List<object>();
        foreach (var model in args.Get("models", "mlp,cnn").Split(','))
        {
            using var data = Workloads.Data(model, rows);
            using var warmup = Workloads.Data(model, warmupRows);
            foreach (var threads in args.Get("threads", "1,2").Split(',').Select(int.Parse))
            {
                TrainerHarness.RunTrainer(model, warmup, 1, threads);
                var rate = rows / TrainerHarness.RunTrainer(model, data, 1, threads);
                results.Add(new { model, threads, samples_per_s = rate, torch_threads = get_num_threads() });
            }
        }
        return new { side = "mlops", rows, torch = __version__, results };
    }
}
