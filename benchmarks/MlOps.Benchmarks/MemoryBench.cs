using TorchSharp;
using static TorchSharp.torch;

namespace MlOps.Benchmarks;

/// <summary>
/// A 20-epoch Trainer run of the large MLP: peak RSS, and the tensors still alive afterwards
/// (TorchSharp's dispose-scope statistics) to show that each step's scope frees its tensors.
/// </summary>
internal static class MemoryBench
{
    public static object Run(Args args)
    {
        var epochs = args.Int("epochs", 20);
        var rows = args.Int("rows", 64 * 20);
        var threads = args.Int("threads", 2);
        var before = Workloads.PeakRssMiB();
        long liveBefore;
        long liveAfter;
        using (var data = Workloads.Data("mlp", rows))
        {
            liveBefore = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            TrainerHarness.RunTrainer("mlp", data, epochs, threads);
            liveAfter = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        }
        var stats = DisposeScopeManager.Statistics;
        return new
        {
            epochs,
            rows,
            steps = epochs * ((rows + 63) / 64),
            peak_rss_mib = Workloads.PeakRssMiB(),
            rss_before_training_mib = before,
            live_tensors_before = liveBefore,
            live_tensors_after = liveAfter,
            live_tensors_end = stats.ThreadTotalLiveCount,
            created_in_scopes = stats.CreatedInScopeCount,
            disposed_in_scopes = stats.DisposedInScopeCount,
            tensors_created_total = Tensor.TotalCount,
        };
    }
}
