namespace MlOps.Core.Data.CausalLm;

/// <summary>
/// One example as tokens: <see cref="Ids"/> and, position by position, the id to learn there or
/// <see cref="Ignore"/> (-100, PyTorch's and transformers' ignore_index) where nothing is learned.
/// The labels are not shifted: position t's logits predict label t + 1 (the objective shifts).
/// </summary>
public sealed record TokenSequence(int[] Ids, int[] Labels, int Line)
{
    public const int Ignore = -100;

    /// <summary>Cut to max_length: its end (the completion's, usually) is not learned.</summary>
    public bool Truncated { get; init; }

    public int Length => Ids.Length;
}
