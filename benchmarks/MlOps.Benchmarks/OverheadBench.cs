namespace MlOps.Benchmarks;

/// <summary>
/// Time per step of the full Trainer against a bare TorchSharp loop of the same model, same
/// process, alternated, after a warm-up of each; the overhead is median(trainer)/median(bare) − 1.
/// </summary>
internal static class OverheadBench
{
    public static object Run(Args args)
    {
        var model = args.Get("model", "mlp");
        var threads = args.Int("threads", 1);
        var batch = args.Int("batch", 64);
        var rows = args.Int("rows", batch * 40);
        var repeats = args.Int("repeats", 3);
        using var data = Workloads.Data(model, rows);
        var steps = (rows + batch - 1) / batch;
        TrainerHarness.RunTrainer(model, data, 1, threads, batch);
        TrainerHarness.RunBare(model, data, 1, threads, batch);
        var trainer = new List<double>();
        var bare = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            trainer.Add(TrainerHarness.RunTrainer(model, data, 1, threads, batch) / steps * 1000);
            bare.Add(TrainerHarness.RunBare(model, data, 1, threads, batch) / steps * 1000);
        }
        return new { model, threads, batch, steps, trainer_ms_per_step = trainer, bare_ms_per_step = bare };
    }
}
