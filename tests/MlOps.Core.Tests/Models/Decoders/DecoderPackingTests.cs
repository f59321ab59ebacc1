using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Data.CausalLm;
using MlOps.Core.Models.Decoders;
using MlOps.Core.Tests.Torch;
using MlOps.Core.Training;
using MlOps.Core.Training.Objectives;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Models.Decoders;

/// <summary>
/// training.packing isolates examples: a packed row computes each example as if it were alone (a
/// block-diagonal causal mask, positions restarting at each example, no next-token target across
/// examples), for rotary (Llama, Qwen2) and learned (GPT-2) positions. Against the same examples run
/// unpacked, and against Debian's PyTorch (Reference/packed_reference.py, packed.json).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class DecoderPackingTests(ITestOutputHelper output)
{
    private static readonly SourceLocation Where = new("spec.yaml", 3, 3);

    [Theory]
    [InlineData("llama")]
    [InlineData("qwen2")]
    [InlineData("gpt2")]
    public void A_packed_row_of_two_examples_gives_the_logits_and_loss_of_each_run_alone(string name)
    {
        // A prompt of two tokens (masked) then its completion; a text learned whole (train_on_prompt).
        TokenSequence[] examples =
        [
            new([1, 17, 33, 5, 60], [TokenSequence.Ignore, TokenSequence.Ignore, 33, 5, 60], 1),
            new([1, 70, 12, 88, 3, 27], [1, 70, 12, 88, 3, 27], 2),
        ];
        const int Width = 12;
        var (packedFeatures, packedLengths, _) = SequenceRows.PackExamples(examples, Width);
        var (paddedFeatures, _, _) = SequenceRows.Pad(examples, Width);
        Assert.Equal([11], packedLengths);
        using var packed = tensor(packedFeatures, [1, SequenceRows.PackedChannels, Width]);
        using var padded = tensor(paddedFeatures, [2, 2, Width]);
        using var model = DecoderWeights.CausalLm(Path.Combine(DecoderReferenceTests.Folder, name), Where);
        using var _ = no_grad();

        using var packedLogits = model.forward(CausalLmObjective.Split(packed).Ids);
        using var paddedLogits = model.forward(CausalLmObjective.Split(padded).Ids);
        var worst = Math.Max(
            paddedLogits[0].narrow(0, 0, 5).sub(packedLogits[0].narrow(0, 0, 5)).abs().max().item<float>(),
            paddedLogits[1].narrow(0, 0, 6).sub(packedLogits[0].narrow(0, 5, 6)).abs().max().item<float>());
        var packedLoss = CausalLmObjective.Instance.Loss(model, packed, zeros(1, ScalarType.Int64), new BatchKey(1, 1, 0)).item<float>();
        var paddedLoss = CausalLmObjective.Instance.Loss(model, padded, zeros(2, ScalarType.Int64), new BatchKey(1, 1, 0)).item<float>();

        output.WriteLine($"{name}: logits differ by up to {worst:G3}; loss packed {packedLoss:R}, alone {paddedLoss:R}");
        Assert.True(worst < 1e-6, $"{name}: a packed example's logits differ from its own by up to {worst:G3}");
        Assert.InRange(Math.Abs(packedLoss - paddedLoss), 0, 1e-6);
    }

    [Theory]
    [InlineData("llama")]
    [InlineData("llama_linear")]
    [InlineData("qwen2")]
    [InlineData("gpt2")]
    public void A_packed_row_matches_PyTorch_with_a_block_diagonal_mask_and_restarted_positions(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(DecoderReferenceTests.Folder, "packed.json")));
        var root = document.RootElement;
        int[] Ints(string key) => [.. root.GetProperty(key).EnumerateArray().Select(e => e.GetInt32())];
        var (ids, segments, labels) = (Ints("ids"), Ints("segments"), Ints("labels"));
        var width = ids.Length;
        // Our rows: ids (−1 for padding), labels, segments.
        float[] row = [.. ids.Select((t, i) => segments[i] == SequenceRows.NoSegment ? SequenceRows.Padding : (float)t), .. labels.Select(l => (float)l), .. segments.Select(s => (float)s)];
        using var rows = tensor(row, [1, SequenceRows.PackedChannels, width]);
        var entry = root.GetProperty("models").GetProperty(name);
        using var model = DecoderWeights.CausalLm(Path.Combine(DecoderReferenceTests.Folder, name), Where);
        using var _ = no_grad();

        using var logits = model.forward(CausalLmObjective.Split(rows).Ids).to(ScalarType.Float64);
        var expected = entry.GetProperty("logits").EnumerateArray().SelectMany(p => p.EnumerateArray().Select(v => v.GetDouble())).ToArray();
        var actual = logits[0].narrow(0, 0, expected.Length / logits.shape[2]).reshape(-1).data<double>().ToArray();
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        var largest = expected.Max(Math.Abs);
        var loss = CausalLmObjective.Instance.Loss(model, rows, zeros(1, ScalarType.Int64), new BatchKey(1, 1, 0)).item<float>();
        var expectedLoss = entry.GetProperty("loss").GetDouble();

        output.WriteLine($"{name}: logits differ from PyTorch's by up to {worst:G3} (largest {largest:G3}); loss {loss:R} vs {expectedLoss:R}");
        Assert.True(worst < 1e-5 && worst < 1e-6 * largest, $"{name}: packed logits differ from PyTorch's by up to {worst:G3} (largest logit {largest:G3})");
        // The loss within 1e-6 of itself: the float32 logits it comes from already differ by a few ulps.
        Assert.True(Math.Abs(loss - expectedLoss) < 1e-6 * expectedLoss, $"{name}: loss {loss:R}, PyTorch's {expectedLoss:R}");
    }
}
