using System.Diagnostics;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models;
using MlOps.Core.Training;
using MlOps.Specs.Model;
using static TorchSharp.torch;

namespace MlOps.Benchmarks;

/// <summary>
/// Runs the product's <see cref="Trainer"/> the way the pipeline does (checkpoint after each
/// epoch included), with a validation stub so only the training loop is timed; and a bare
/// TorchSharp loop of the same steps, the floor the Trainer is compared against.
/// </summary>
internal static class TrainerHarness
{
    public static TrainingSpec Spec(int epochs, int threads, int batch) => new()
    {
        Epochs = epochs,
        BatchSize = batch,
        Optimizer = new OptimizerSpec { Type = OptimizerType.AdamW, Lr = 1e-3, WeightDecay = 0.01 },
        Threads = threads,
    };

    /// <summary>Seconds for <see cref="Trainer.Run"/> over <paramref name="data"/> for the given epochs.</summary>
    public static double RunTrainer(string model, TensorSplit data, int epochs, int threads, int batch = 64)
    {
        TorchSetup.Configure(1, threads);
        using var module = Workloads.NewModel(model);
        var folder = Path.Combine(Path.GetTempPath(), "mlops-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var inputs = new TrainerInputs
            {
                Model = module,
                Train = data,
                Spec = Spec(epochs, threads, batch),
                Seed = 1,
                Fingerprint = "bench",
                Checkpoint = new TrainingCheckpoint(Path.Combine(folder, "checkpoint")),
                EvaluateValidation = _ => new Dictionary<string, double> { ["val_loss"] = 0 },
                Location = new SourceLocation("bench.yaml", 1, 1),
            };
            var clock = Stopwatch.StartNew();
            Trainer.Run(inputs, CancellationToken.None);
            return clock.Elapsed.TotalSeconds;
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>Seconds for the same epochs as a plain forward/backward/step loop.</summary>
    public static double RunBare(string model, TensorSplit data, int epochs, int threads, int batch = 64)
    {
        TorchSetup.Configure(1, threads);
        using var module = Workloads.NewModel(model);
        using var optimizer = optim.AdamW(module.parameters(), 1e-3, weight_decay: 0.01);
        module.train();
        var rows = data.Rows;
        var clock = Stopwatch.StartNew();
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            using var order = randperm(rows);
            for (var start = 0; start < rows; start += batch)
            {
                using var scope = NewDisposeScope();
                var index = order.narrow(0, start, Math.Min(batch, rows - start));
                var loss = nn.functional.cross_entropy(module.forward(data.Features.index_select(0, index)), data.Labels.index_select(0, index));
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                _ = loss.item<float>();
            }
        }
        return clock.Elapsed.TotalSeconds;
    }
}
