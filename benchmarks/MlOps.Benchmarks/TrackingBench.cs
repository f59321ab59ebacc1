using System.Diagnostics;
using System.Net;
using MlOps.Mlflow;
using MlOps.Mlflow.FileStore;
using MlOps.Mlflow.Rest;

namespace MlOps.Benchmarks;

/// <summary>
/// Metrics per second logged through log-batch (batches of <c>--batch</c> metrics) to the MLflow
/// file store in a temp folder, and to a local HttpListener on 127.0.0.1 that answers every
/// request with <c>{}</c> (so the figure is the client's cost plus loopback HTTP, not a server's).
/// </summary>
internal static class TrackingBench
{
    public static object Run(Args args)
    {
        var metrics = args.Int("metrics", 20000);
        var batch = args.Int("batch", 100);
        var folder = Path.Combine(Path.GetTempPath(), "mlops-bench-store-" + Guid.NewGuid().ToString("N"));
        try
        {
            var store = new MlflowFileStore(folder);
            var experiment = store.GetOrCreateExperimentAsync("bench").GetAwaiter().GetResult();
            var run = store.CreateRunAsync(experiment.ExperimentId, "bench", 0, []).GetAwaiter().GetResult();
            var fileRate = Rate(store, run.RunId, metrics, batch);
            var restRate = WithServer(uri =>
            {
                using var client = new MlflowRestClient(new MlflowRestOptions { TrackingUri = uri, MaxRetries = 1 });
                return Rate(client, "0123456789abcdef", metrics, batch);
            });
            return new { metrics, batch, file_store_metrics_per_s = fileRate, rest_metrics_per_s = restRate };
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double Rate(IMlflowTracking tracking, string runId, int count, int batch)
    {
        Log(tracking, runId, 0, batch); // warm-up
        var clock = Stopwatch.StartNew();
        for (var step = 1; step * batch <= count; step++)
        {
            Log(tracking, runId, step, batch);
        }
        return count / clock.Elapsed.TotalSeconds;
    }

    private static void Log(IMlflowTracking tracking, string runId, int step, int batch)
    {
        var metrics = Enumerable.Range(0, batch).Select(i => new MlflowMetric($"m{i % 10}", step * 0.001 + i, 1_700_000_000_000 + step, step * batch + i)).ToList();
        tracking.LogBatchAsync(runId, metrics, [], []).GetAwaiter().GetResult();
    }

    private static double WithServer(Func<Uri, double> body)
    {
        var port = Random.Shared.Next(20000, 60000);
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        using var stop = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync().ConfigureAwait(false);
                }
                catch (HttpListenerException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                await context.Request.InputStream.CopyToAsync(Stream.Null).ConfigureAwait(false);
                var reply = "{}"u8.ToArray();
                context.Response.ContentType = "application/json";
                context.Response.ContentLength64 = reply.Length;
                await context.Response.OutputStream.WriteAsync(reply).ConfigureAwait(false);
                context.Response.Close();
            }
        });
        try
        {
            return body(new Uri($"http://127.0.0.1:{port}/"));
        }
        finally
        {
            stop.Cancel();
            listener.Stop();
        }
    }
}
