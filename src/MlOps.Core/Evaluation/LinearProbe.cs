using MlOps.Core.Models;
using MlOps.Core.Training;
using static TorchSharp.torch;

namespace MlOps.Core.Evaluation;

/// <summary>
/// The "was fine-tuning worth it?" baseline when the labels changed: the base model's frozen
/// features with a newly trained linear head. Features are computed once; the head trains
/// full-batch with AdamW, seeded, so the baseline is as reproducible as the run.
/// </summary>
public static class LinearProbe
{
    private const int Steps = 200;
    private const double LearningRate = 0.01;
    private const int FeatureBatch = 256;

    public static nn.Module<Tensor, Tensor> Train(FineTuneModule baseModel, ISplitBatches train, int classCount, int seed)
    {
        manual_seed(seed);
        var (features, labels) = Features(baseModel, train);
        using var _ = features;
        using var __ = labels;
        var head = nn.Linear(baseModel.FeatureSize, classCount);
        using var optimizer = optim.AdamW(head.parameters(), LearningRate, weight_decay: 0);
        for (var step = 0; step < Steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.cross_entropy(head.forward(features), labels).backward();
            optimizer.step();
        }
        return new ProbeModel(baseModel, head);
    }

    /// <summary>The frozen features of every row, and the rows' labels.</summary>
    private static (Tensor Features, Tensor Labels) Features(FineTuneModule model, ISplitBatches split)
    {
        model.eval();
        using var _ = no_grad();
        // In batches: a text encoder's attention over every row at once would need memory quadratic in length times rows.
        var parts = new List<Tensor>();
        var labels = new List<Tensor>();
        using var reader = split.Read(null, FeatureBatch, 0, BatchPass.Evaluation);
        for (long start = 0; start < split.Rows; start += FeatureBatch)
        {
            using var scope = NewDisposeScope();
            var batch = reader.Next();
            parts.Add(model.Features(batch.Features).detach().DetachFromDisposeScope());
            labels.Add(batch.Labels.DetachFromDisposeScope());
        }
        var result = (cat(parts), cat(labels));
        parts.ForEach(p => p.Dispose());
        labels.ForEach(p => p.Dispose());
        return result;
    }

    /// <summary>Frozen backbone + probe head, usable wherever a model is predicted.</summary>
    private sealed class ProbeModel : nn.Module<Tensor, Tensor>
    {
        private readonly FineTuneModule backbone;
        private readonly TorchSharp.Modules.Linear head;

        public ProbeModel(FineTuneModule backbone, TorchSharp.Modules.Linear head)
            : base("linear-probe")
        {
            this.backbone = backbone;
            this.head = head;
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var features = backbone.Features(input);
            return head.forward(features);
        }
    }
}
