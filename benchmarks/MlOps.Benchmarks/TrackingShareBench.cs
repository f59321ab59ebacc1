using System.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Reporting;
using MlOps.Core.Tracking;
using MlOps.Mlflow.FileStore;
using MlOps.Specs;

namespace MlOps.Benchmarks;

/// <summary>
/// Seconds spent in <see cref="RunTracker.Log"/> for a sample run's result, in a fresh process
/// (cold, as the pipeline calls it once), to a file store in a temp folder. bench.py divides it
/// by that sample run's wall time.
/// </summary>
internal static class TrackingShareBench
{
    public static object Run(Args args)
    {
        var specPath = args.Get("spec", "samples/images/specs/finetune.yaml");
        var outputDir = args.Get("output", "out/bench-sample");
        var repoRoot = args.Get("repo", ".");
        var loaded = SpecLoader.Load(specPath);
        var spec = loaded.Spec ?? throw new InvalidOperationException($"{specPath} did not load: {string.Join("; ", loaded.Diagnostics)}");
        var result = RunResultFile.Read(Path.Combine(outputDir, RunResultFile.FileName));
        var folder = Path.Combine(Path.GetTempPath(), "mlops-bench-share-" + Guid.NewGuid().ToString("N"));
        try
        {
            double Log(string store)
            {
                var target = new TrackingTarget(TrackingKind.FileStore, new Uri(store).AbsoluteUri, store);
                using var tracker = new RunTracker(target, repoRoot, warn: _ => { }, tracking: new MlflowFileStore(store));
                var clock = Stopwatch.StartNew();
                tracker.Log(result, spec, outputDir);
                return clock.Elapsed.TotalSeconds;
            }
            var cold = Log(Path.Combine(folder, "cold"));
            var warm = Log(Path.Combine(folder, "warm")); // the same again, JIT done: what is not start-up cost
            return new { spec = specPath, tracking_log_seconds = cold, tracking_log_seconds_warm = warm };
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
