using MlOps.Mlflow.FileStore;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.FileStore;

public sealed class ConcurrentWritersTests
{
    [Fact]
    public async Task Four_writers_lose_no_metric_line_and_never_interleave()
    {
        const int Writers = 4, Batches = 60, PerBatch = 25;
        var root = Path.Combine(TestClients.TempDirectory(), "mlruns");
        var setup = new MlflowFileStore(root);
        var experiment = await setup.GetOrCreateExperimentAsync("shared");
        var run = await setup.CreateRunAsync(experiment.ExperimentId, "shared-run", 1, []);

        // Separate store instances on separate threads: the same situation as separate processes.
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var store = new MlflowFileStore(root);
            var mine = await store.GetOrCreateExperimentAsync("created-by-everyone");
            for (var b = 0; b < Batches; b++)
            {
                var metrics = Enumerable.Range(0, PerBatch).Select(i => new MlflowMetric("loss", w + (i / 1000.0), 1795938478926 + b, (w * 100_000) + (b * PerBatch) + i)).ToList();
                await store.LogBatchAsync(run.RunId, metrics, [new MlflowParam($"writer{w}.batch{b}", "x")], []);
            }
            return mine.ExperimentId;
        })).ToArray();
        var experimentIds = await Task.WhenAll(writers);

        var lines = File.ReadAllLines(Path.Combine(root, experiment.ExperimentId, run.RunId, "metrics", "loss"));
        Assert.Equal(Writers * Batches * PerBatch, lines.Length);
        Assert.All(lines, line => Assert.Matches(@"^1795938478\d{3} \d\.\d+ \d+$", line));
        Assert.Equal(lines.Length, lines.Select(l => l.Split(' ')[2]).Distinct().Count());
        Assert.Single(experimentIds.Distinct());
        Assert.Equal(Writers * Batches, (await setup.GetRunAsync(run.RunId)).Params.Count);
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(root, ".trash")), f => Path.GetFileName(f).StartsWith(AtomicFile.TempPrefix, StringComparison.Ordinal));
    }
}
