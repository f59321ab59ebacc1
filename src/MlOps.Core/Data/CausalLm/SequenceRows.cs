namespace MlOps.Core.Data.CausalLm;

/// <summary>
/// Token sequences as the rows of a split: each row is [2, max_length] floats, the input ids
/// (−1 after the sequence: padding, which the model masks and reads as its pad id) and the labels
/// (−100 where nothing is learned, padding included). Ids travel as floats like every text split.
/// </summary>
internal static class SequenceRows
{
    public const int Padding = -1;

    /// <summary>One sequence per row, right-padded.</summary>
    public static (float[] Features, int[] Lengths, int[] Lines) Pad(IReadOnlyList<TokenSequence> sequences, int maxLength)
    {
        var features = new float[(long)sequences.Count * 2 * maxLength];
        var lengths = new int[sequences.Count];
        for (var r = 0; r < sequences.Count; r++)
        {
            Write(features.AsSpan(r * 2 * maxLength, 2 * maxLength), sequences[r].Ids, sequences[r].Labels);
            lengths[r] = sequences[r].Length;
        }
        return (features, lengths, [.. sequences.Select(s => s.Line)]);
    }

    /// <summary>
    /// training.packing (and plain text): the sequences one after another, cut into max_length blocks
    /// (the last one padded). A block's tokens attend to the earlier examples in it, as transformers'
    /// run_clm group_texts and TRL's packing without position ids do; labels still mask each prompt.
    /// </summary>
    public static (float[] Features, int[] Lengths, int[] Lines) Pack(IReadOnlyList<TokenSequence> sequences, int maxLength)
    {
        var ids = sequences.SelectMany(s => s.Ids).ToArray();
        var labels = sequences.SelectMany(s => s.Labels).ToArray();
        var rows = (ids.Length + maxLength - 1) / maxLength;
        var features = new float[(long)rows * 2 * maxLength];
        var lengths = new int[rows];
        var lines = new int[rows];
        int k = 0, offset = 0;
        for (var r = 0; r < rows; r++)
        {
            // The line of the example the block starts in.
            while (offset + sequences[k].Length <= r * maxLength)
            {
                offset += sequences[k++].Length;
            }
            lines[r] = sequences[k].Line;
            var length = Math.Min(maxLength, ids.Length - (r * maxLength));
            Write(features.AsSpan(r * 2 * maxLength, 2 * maxLength), ids.AsSpan(r * maxLength, length), labels.AsSpan(r * maxLength, length));
            lengths[r] = length;
        }
        return (features, lengths, lines);
    }

    private static void Write(Span<float> row, ReadOnlySpan<int> ids, ReadOnlySpan<int> labels)
    {
        var maxLength = row.Length / 2;
        for (var t = 0; t < maxLength; t++)
        {
            row[t] = t < ids.Length ? ids[t] : Padding;
            row[maxLength + t] = t < labels.Length ? labels[t] : TokenSequence.Ignore;
        }
    }
}
