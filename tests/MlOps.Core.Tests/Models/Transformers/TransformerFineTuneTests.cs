using MlOps.Core.Evaluation;
using MlOps.Core.Models;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Transformers;
using MlOps.Core.Tests.Torch;
using MlOps.Core.Training;
using MlOps.Specs.Model;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Models.Transformers;

/// <summary>A Hub-layout tiny BERT, built from its config.json by the registry, fine-tunes through the real Trainer.</summary>
[Collection(TorchCollection.Name)]
public sealed class TransformerFineTuneTests : IDisposable
{
    private const long Signal = 10;
    private readonly string folder = Directory.CreateTempSubdirectory("mlops-bert-ft-").FullName;

    /// <summary>[CLS] 3–10 tokens [SEP]; label 1 when token 10 is among them. Width 16, pad 0.</summary>
    private static (float[] Ids, long[] Labels) Toy(int rows, int seed)
    {
        var random = new Random(seed);
        var ids = new float[rows * 16];
        var labels = new long[rows];
        for (var r = 0; r < rows; r++)
        {
            labels[r] = r % 2;
            var length = random.Next(3, 11);
            var words = Enumerable.Range(0, length).Select(_ => (long)random.Next(11, TinyTransformers.Vocab)).ToArray();
            if (labels[r] == 1)
            {
                words[random.Next(length)] = Signal;
            }
            long[] sentence = [2, .. words, 3];
            for (var c = 0; c < sentence.Length; c++)
            {
                ids[(r * 16) + c] = sentence[c];
            }
        }
        return (ids, labels);
    }

    [Fact]
    public void A_tiny_bert_from_a_Hub_folder_learns_a_separable_task()
    {
        TorchSetup.Configure(3, 1);
        using (var pretrained = TinyTransformers.Classifier(TransformerKind.Bert, layers: 2))
        {
            TinyTransformers.WriteFolder(Path.Combine(folder, "base"), TransformerKind.Bert,
                TinyTransformers.HubState(pretrained, TransformerKind.Bert, include: n => !n.StartsWith("head.", StringComparison.Ordinal)), layers: 2);
        }
        var spec = new BaseModelSpec { Model = "auto", Checkpoint = Path.Combine(folder, "base") };
        var resolved = TransformerBase.Resolve(spec, metadata: null, TinyTransformers.Where)!;
        using var model = ModelFactory.Build(ModelRegistry.Default(), spec with { Model = resolved.Model }, [16], 2, TinyTransformers.Where, resolved.Config);
        CheckpointLoader.Load(model, spec.Checkpoint, replaceHead: true, TinyTransformers.Where);
        var (trainIds, trainLabels) = Toy(192, 1);
        var (validationIds, validationLabels) = Toy(96, 2);
        using var train = new TensorSplit(trainIds, [16], trainLabels, CPU);
        using var validation = new TensorSplit(validationIds, [16], validationLabels, CPU);

        double Accuracy()
        {
            var (probabilities, _) = Predictor.Predict(model, validation);
            var predictions = Predictor.ToPredictions(probabilities, validationLabels, ["no", "yes"]);
            return Enumerable.Range(0, predictions.Rows).Count(i => predictions.Predicted(i) == predictions.Labels[i]) / (double)predictions.Rows;
        }
        var outcome = Trainer.Run(new TrainerInputs
        {
            Model = model,
            Train = train,
            Spec = new TrainingSpec { Epochs = 12, BatchSize = 16, Optimizer = new OptimizerSpec { Lr = 2e-3 } },
            Seed = 3,
            Fingerprint = "bert-toy",
            Checkpoint = new TrainingCheckpoint(Path.Combine(folder, "checkpoint")),
            EvaluateValidation = _ => new Dictionary<string, double> { ["val_loss"] = Predictor.Predict(model, validation).MeanLoss },
            Location = TinyTransformers.Where,
        }, CancellationToken.None);

        Assert.IsType<TransformerClassifier>(model);
        var accuracy = Accuracy();
        Assert.True(accuracy >= 0.95, $"validation accuracy {accuracy:P1} after {outcome.History.Count} epochs (train loss {outcome.History[^1].TrainLoss:F3})");
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
