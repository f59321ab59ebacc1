using static TorchSharp.torch;

namespace MlOps.Core.Models.Transformers;

/// <summary>Which tokens masking may pick and what it puts in their place.</summary>
/// <param name="SpecialTokenIds">Never masked: [CLS]/[SEP]/&lt;s&gt;/&lt;/s&gt;, and always the pad id.</param>
public sealed record MaskingOptions(long MaskTokenId, long PadTokenId, int VocabSize, IReadOnlyList<long> SpecialTokenIds)
{
    /// <summary>Share of eligible tokens chosen for prediction (BERT: 0.15).</summary>
    public double Probability { get; init; } = 0.15;
}

/// <summary>Masked inputs and the labels to predict (the original id where chosen, -100 elsewhere).</summary>
public sealed record MaskedBatch(Tensor Inputs, Tensor Labels) : IDisposable
{
    public void Dispose()
    {
        Inputs.Dispose();
        Labels.Dispose();
    }
}

/// <summary>
/// BERT's masked-language-model objective, as Hugging Face's DataCollatorForLanguageModeling
/// draws it: each non-special, non-pad token is chosen with probability 0.15; of those, 80 % become
/// the mask token, 10 % a random token (never the pad id), 10 % stay; labels are -100 where nothing was chosen. All
/// draws come from the given generator (on the CPU), so a seed fixes the masks on any device.
/// </summary>
public static class MaskedLanguageModeling
{
    public const long IgnoreIndex = -100;

    public static MaskedBatch Mask(Tensor ids, MaskingOptions options, Generator generator)
    {
        using var scope = NewDisposeScope();
        var original = ids.to(ScalarType.Int64).cpu();
        var shape = original.shape;
        var eligible = original.ne(options.PadTokenId);
        foreach (var special in options.SpecialTokenIds)
        {
            eligible = eligible.logical_and(original.ne(special));
        }
        var chosen = rand(shape, generator: generator).lt(options.Probability).logical_and(eligible);
        var labels = original.masked_fill(chosen.logical_not(), IgnoreIndex);
        var replaced = rand(shape, generator: generator).lt(0.8).logical_and(chosen);
        var randomised = rand(shape, generator: generator).lt(0.5).logical_and(chosen).logical_and(replaced.logical_not());
        var words = randint(options.VocabSize, shape, generator: generator);
        // A random pad id would read as padding (masked out, maybe trimmed away): keep the token instead.
        randomised = randomised.logical_and(words.ne(options.PadTokenId));
        var inputs = where(randomised, words, original.masked_fill(replaced, options.MaskTokenId));
        return new MaskedBatch(inputs.to(ids.device).MoveToOuterDisposeScope(), labels.to(ids.device).MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Mean cross-entropy over the chosen positions. The logits may be trimmed to the batch's
    /// longest sequence; the positions cut off are padding, never chosen, so the labels are cut alike.
    /// </summary>
    public static Tensor Loss(Tensor logits, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var length = logits.shape[1];
        var trimmed = labels.narrow(1, 0, length);
        var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), trimmed.reshape(-1), ignore_index: IgnoreIndex);
        return loss.MoveToOuterDisposeScope();
    }
}
