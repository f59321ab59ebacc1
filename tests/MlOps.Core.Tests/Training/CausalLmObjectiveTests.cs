using System.Text.Json;
using MlOps.Core.Evaluation;
using MlOps.Core.Tests.Torch;
using MlOps.Core.Training;
using MlOps.Core.Training.Objectives;
using MlOps.Tests.Shared;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Training;

/// <summary>
/// The causal-LM loss against Debian's PyTorch (Reference/causal_lm_loss.py): logits shifted against
/// labels, −100 ignored (a prompt, padding, a row with one learned token), mean over learned tokens;
/// the evaluator's token mean over a whole split equals the same number.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class CausalLmObjectiveTests
{
    private static readonly string Fixture = Path.Combine(SourceTree.Root, "tests", "MlOps.Core.Tests", "Training", "Reference", "causal_lm_loss.json");

    [Fact]
    public void The_loss_and_the_split_loss_match_pytorch_within_1e_6()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Fixture));
        var root = json.RootElement;
        var shape = root.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var logits = tensor(root.GetProperty("logits").EnumerateArray().Select(e => e.GetSingle()).ToArray()).reshape(shape);
        var labels = root.GetProperty("labels").EnumerateArray().Select(e => (float)e.GetInt32()).ToArray();
        using var model = new FixedLogits(logits);
        // Rows [2, length]: ids (any real id: the stub ignores them) and labels.
        var rows = zeros(shape[0], 2, shape[1]);
        rows.select(1, 1).copy_(tensor(labels).reshape(shape[0], shape[1]));

        var loss = CausalLmObjective.Instance.Loss(model, rows, zeros(shape[0], ScalarType.Int64), new BatchKey(1, 1, 0)).item<float>();
        Assert.InRange(Math.Abs(loss - root.GetProperty("mean").GetDouble()), 0, 1e-6);

        using var split = new TensorSplit(rows, zeros(shape[0], ScalarType.Int64));
        var metrics = CausalLmLoss.Evaluate(model, split, batchSize: (int)shape[0]);
        Assert.InRange(Math.Abs(metrics["loss"] - root.GetProperty("mean").GetDouble()), 0, 1e-6);
        Assert.InRange(Math.Abs(metrics["perplexity"] - Math.Exp(root.GetProperty("mean").GetDouble())), 0, 1e-5);
    }

    [Fact]
    public void A_batch_with_nothing_to_learn_has_a_zero_loss_not_nan()
    {
        using var model = new FixedLogits(randn(2, 4, 5));
        var rows = zeros(2, 2, 4);
        rows.select(1, 1).fill_(-100);
        Assert.Equal(0f, CausalLmObjective.Instance.Loss(model, rows, zeros(2, ScalarType.Int64), new BatchKey(1, 1, 0)).item<float>());
    }

    /// <summary>Returns the given logits for every batch (the split is read in one batch, in order).</summary>
    private sealed class FixedLogits(Tensor logits) : nn.Module<Tensor, Tensor>("fixed")
    {
        public override Tensor forward(Tensor input) => logits.alias();
    }
}
