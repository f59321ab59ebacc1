using MlOps.Core.Models;
using static TorchSharp.torch;

namespace MlOps.Core.Training.Objectives;

/// <summary>
/// How one batch becomes a loss. Classification is the default; masked-LM pretraining masks the
/// batch's tokens first, so it needs to know which batch it is to draw the same masks on a resume.
/// </summary>
public interface ITrainingObjective
{
    Tensor Loss(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, BatchKey batch);
}

/// <summary>Identifies a batch across runs: a resumed run draws exactly the randomness an uninterrupted one would.</summary>
public readonly record struct BatchKey(int Seed, int Epoch, int Batch)
{
    public ulong GeneratorSeed => unchecked(((ulong)(uint)Seed * 1_000_003UL) ^ ((ulong)(uint)Epoch << 32) ^ (uint)Batch);
}

/// <summary>Cross-entropy of the classifier's logits against the labels.</summary>
public sealed class ClassificationObjective : ITrainingObjective
{
    public static readonly ClassificationObjective Instance = new();

    /// <summary>From fp32 logits, also when the model computes in bf16.</summary>
    public Tensor Loss(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, BatchKey batch) =>
        nn.functional.cross_entropy(model.forward(inputs).to(ScalarType.Float32), labels);
}
