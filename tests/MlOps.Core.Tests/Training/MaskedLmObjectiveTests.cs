using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Metrics;
using MlOps.Contracts.Results;
using MlOps.Core.Evaluation;
using MlOps.Core.Tests.Torch;
using MlOps.Core.Training;
using MlOps.Core.Training.Objectives;
using MlOps.Specs.Model;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Training;

/// <summary>
/// Masked-LM pretraining through the same loop as fine-tuning: the toy corpus repeats one "topic"
/// token per sequence, so a masked token is predictable from the rest only if training works.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class MaskedLmObjectiveTests
{
    private const int Vocabulary = 12;

    private static readonly TrainingSpec Spec = new()
    {
        Epochs = 8,
        BatchSize = 16,
        Optimizer = new OptimizerSpec { Lr = 0.05 },
        Objective = TrainingObjective.MaskedLm,
        MaskProbability = 0.3,
    };

    private static readonly MlOps.Core.Models.Transformers.MaskingOptions Masking = ToyMaskedLm.Masking(Vocabulary, Spec.MaskProbability);

    [Fact]
    public void Pretraining_learns_to_fill_in_masked_tokens()
    {
        var (history, metrics) = Train(seed: 3);

        // Chance is 1 in 10 topic tokens; the untrained model is at chance.
        Assert.True(metrics[MetricNames.MaskedAccuracy] > 0.9, $"masked accuracy {metrics[MetricNames.MaskedAccuracy]}");
        Assert.True(history[^1].Metrics["val_masked_lm_loss"] < history[0].Metrics["val_masked_lm_loss"]);
        Assert.Equal(Math.Exp(metrics[MetricNames.MaskedLmLoss]), metrics[MetricNames.Perplexity], 9);
    }

    [Fact]
    public void Same_seed_draws_the_same_masks_and_gives_identical_histories()
    {
        var first = Train(seed: 5).History.Select(h => h.TrainLoss).ToArray();
        var second = Train(seed: 5).History.Select(h => h.TrainLoss).ToArray();

        Assert.Equal(first, second);
    }

    [Fact]
    public void Each_batch_and_epoch_draws_its_own_masks()
    {
        var seeds = new HashSet<ulong>();
        for (var epoch = 1; epoch <= 3; epoch++)
        {
            for (var batch = 0; batch < 50; batch++)
            {
                seeds.Add(new BatchKey(42, epoch, batch).GeneratorSeed);
            }
        }

        Assert.Equal(150, seeds.Count);
    }

    [Fact]
    public void A_batch_with_nothing_masked_gives_a_zero_loss_not_NaN()
    {
        using var logits = randn(2, 4, Vocabulary);
        using var labels = full(2, 4, MlOps.Core.Models.Transformers.MaskedLanguageModeling.IgnoreIndex, int64);

        using var loss = MaskedLmObjective.Loss(logits, labels);

        Assert.Equal(0f, loss.item<float>());
    }

    private static (IReadOnlyList<EpochRecord> History, Dictionary<string, double> Metrics) Train(int seed)
    {
        TorchSetup.Configure(seed, 1);
        using var model = new ToyMaskedLm(Vocabulary);
        using var train = Corpus(160, seed);
        using var validation = Corpus(64, seed + 100);
        var folder = Path.Combine(Path.GetTempPath(), "mlops-mlm-" + Guid.NewGuid().ToString("N"));
        try
        {
            var outcome = Trainer.Run(new TrainerInputs
            {
                Model = model,
                Train = train,
                Spec = Spec,
                Seed = seed,
                Fingerprint = "mlm",
                Checkpoint = new TrainingCheckpoint(Path.Combine(folder, "checkpoint")),
                Objective = new MaskedLmObjective(Masking),
                EvaluateValidation = m => MaskedLmEvaluator.Evaluate(m, validation, Masking, seed, "validation")
                    .ToDictionary(p => "val_" + p.Key, p => p.Value),
                Location = new SourceLocation("pretrain.yaml", 1, 1),
            }, CancellationToken.None);
            return (outcome.History, MaskedLmEvaluator.Evaluate(model, validation, Masking, seed, "validation"));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>Sequences of 6–10 copies of one topic token (2..11), padded with 0 to length 10; ids as floats, as text data holds them.</summary>
    private static TensorSplit Corpus(int rows, int seed)
    {
        var random = new Random(seed);
        var ids = new float[rows * 10];
        for (var r = 0; r < rows; r++)
        {
            var topic = 2 + random.Next(Vocabulary - 2);
            var length = 6 + random.Next(5);
            for (var i = 0; i < length; i++)
            {
                ids[(r * 10) + i] = topic;
            }
        }
        return new TensorSplit(ids, [10], new long[rows], CPU);
    }
}
