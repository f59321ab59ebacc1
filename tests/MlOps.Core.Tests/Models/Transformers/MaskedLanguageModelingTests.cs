using MlOps.Core.Models.Transformers;
using MlOps.Core.Tests.Torch;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Models.Transformers;

/// <summary>The masked-LM objective: BERT's 15 % with 80/10/10, special tokens and padding never masked.</summary>
[Collection(TorchCollection.Name)]
public sealed class MaskedLanguageModelingTests
{
    private const long Pad = 0, Cls = 2, Sep = 3, MaskId = 4;
    private static readonly MaskingOptions Options = new(MaskId, Pad, TinyTransformers.Vocab, [Cls, Sep, MaskId]);

    /// <summary>400 sentences of 20–60 ordinary tokens (5–39) between [CLS] and [SEP], padded to 64.</summary>
    private static Tensor Corpus()
    {
        var random = new Random(3);
        var rows = Enumerable.Range(0, 400).Select(_ =>
        {
            var length = random.Next(20, 61);
            return (long[])[Cls, .. Enumerable.Range(0, length).Select(_ => (long)random.Next(5, TinyTransformers.Vocab)), Sep];
        }).ToArray();
        return TinyTransformers.Ids(Pad, 64, rows).to(ScalarType.Int64);
    }

    [Fact]
    public void About_15_percent_of_ordinary_tokens_are_chosen_and_split_80_10_10()
    {
        using var ids = Corpus();
        using var generator = new Generator(11);
        using var batch = MaskedLanguageModeling.Mask(ids, Options, generator);

        var original = ids.data<long>().ToArray();
        var inputs = batch.Inputs.data<long>().ToArray();
        var labels = batch.Labels.data<long>().ToArray();
        var eligible = original.Count(t => t is not (Pad or Cls or Sep));
        var chosen = Enumerable.Range(0, original.Length).Where(i => labels[i] != MaskedLanguageModeling.IgnoreIndex).ToList();
        double Share(Func<int, bool> kind) => chosen.Count(kind) / (double)chosen.Count;

        Assert.InRange(chosen.Count / (double)eligible, 0.14, 0.16);
        Assert.All(chosen, i => Assert.Equal(original[i], labels[i]));
        Assert.InRange(Share(i => inputs[i] == MaskId), 0.77, 0.83);
        Assert.InRange(Share(i => inputs[i] != MaskId && inputs[i] != original[i]), 0.07, 0.12);
        Assert.InRange(Share(i => inputs[i] == original[i]), 0.08, 0.13);
        // Nothing outside the chosen positions changes.
        Assert.All(Enumerable.Range(0, original.Length).Where(i => labels[i] == MaskedLanguageModeling.IgnoreIndex), i => Assert.Equal(original[i], inputs[i]));
    }

    [Fact]
    public void Special_tokens_and_padding_are_never_masked_and_a_seed_fixes_the_masks()
    {
        using var ids = Corpus();
        using var first = MaskedLanguageModeling.Mask(ids, Options with { Probability = 0.9 }, new Generator(5));
        using var again = MaskedLanguageModeling.Mask(ids, Options with { Probability = 0.9 }, new Generator(5));
        using var other = MaskedLanguageModeling.Mask(ids, Options with { Probability = 0.9 }, new Generator(6));

        var original = ids.data<long>().ToArray();
        var labels = first.Labels.data<long>().ToArray();
        var special = Enumerable.Range(0, original.Length).Where(i => original[i] is Pad or Cls or Sep).ToList();
        Assert.NotEmpty(special);
        Assert.All(special, i => Assert.Equal(MaskedLanguageModeling.IgnoreIndex, labels[i]));
        var inputs = first.Inputs.data<long>().ToArray();
        Assert.All(special, i => Assert.Equal(original[i], inputs[i]));
        Assert.True(first.Inputs.eq(again.Inputs).all().item<bool>() && first.Labels.eq(again.Labels).all().item<bool>());
        Assert.False(first.Labels.eq(other.Labels).all().item<bool>());
    }

    [Fact]
    public void The_loss_counts_only_chosen_positions_of_the_trimmed_logits()
    {
        manual_seed(1);
        using var logits = randn(2, 3, 5);
        using var labels = tensor(new long[] { -100, 4, -100, -100, -100, -100, 1, -100 }, [2, 4]);

        using var loss = MaskedLanguageModeling.Loss(logits, labels);

        var log = logits.log_softmax(-1);
        var expected = -(log[0, 1, 4].item<float>() + log[1, 2, 1].item<float>()) / 2;
        Assert.Equal(expected, loss.item<float>(), 5);
    }

    [Theory]
    [InlineData(TransformerKind.Bert)]
    [InlineData(TransformerKind.DistilBert)]
    [InlineData(TransformerKind.Roberta)]
    public void A_few_steps_of_masked_lm_training_lower_the_loss(TransformerKind kind)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        MlOps.Core.Training.TorchSetup.Configure(1, 1);
        using var model = new TransformerForMaskedLm(TinyTransformers.Config(kind, dropout: 0));
        var pad = model.Config.PadTokenId;
        // A corpus with structure to learn: each sentence repeats one token, so context names the masked one.
        var rows = Enumerable.Range(0, 32).Select(r => (long[])[Cls, .. Enumerable.Repeat(5L + (r % 30), 12), Sep]).ToArray();
        using var ids = TinyTransformers.Ids(pad, 16, rows).to(ScalarType.Int64);
        var options = new MaskingOptions(MaskId, pad, TinyTransformers.Vocab, [Cls, Sep, MaskId, pad]);
        using var optimizer = optim.AdamW(model.parameters(), lr: 5e-3);
        using var generator = new Generator(2);
        double LossNow(int seed)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            using var batch = MaskedLanguageModeling.Mask(ids, options, new Generator((ulong)seed));
            return MaskedLanguageModeling.Loss(model.forward(batch.Inputs), batch.Labels).item<float>();
        }

        var before = Enumerable.Range(100, 5).Average(LossNow);
        for (var step = 0; step < 100; step++)
        {
            using var scope = NewDisposeScope();
            using var batch = MaskedLanguageModeling.Mask(ids, options, generator);
            MaskedLanguageModeling.Loss(model.forward(batch.Inputs), batch.Labels).backward();
            optimizer.step();
            optimizer.zero_grad();
        }
        var after = Enumerable.Range(100, 5).Average(LossNow);

        Assert.True(after < before * 0.5, $"masked-LM loss went from {before:F3} to {after:F3} in {clock.Elapsed}");
    }
}
