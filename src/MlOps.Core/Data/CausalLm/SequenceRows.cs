namespace MlOps.Core.Data.CausalLm;

/// <summary>
/// Token sequences as the rows of a split: each row is [2, max_length] floats, the input ids
/// (−1 after the sequence: padding, which the model masks and reads as its pad id) and the labels
/// (−100 where nothing is learned, padding included). Ids travel as floats like every text split.
/// Packed examples (<see cref="PackExamples"/>) add a third channel: each token's segment.
/// </summary>
internal static class SequenceRows
{
    public const int Padding = -1;
    public const int IdsChannel = 0;
    public const int LabelsChannel = 1;
    public const int SegmentsChannel = 2;
    public const int PackedChannels = 3;

    /// <summary>The segment of padding; a row's examples are 1, 2, …</summary>
    public const int NoSegment = 0;

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
    /// Plain text without training.packing: the sequences one after another as one stream, cut into
    /// max_length blocks (the last one padded), as transformers' run_clm group_texts does: a block's
    /// tokens attend to the earlier texts in it.
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

    /// <summary>
    /// training.packing: whole examples, in order, into [3, max_length] rows (a row is closed when the
    /// next example does not fit; the rest is padding), each token tagged with its example's segment,
    /// so the model computes every example as if it were alone (TRL's padding-free packing with
    /// position ids). An example's first label is ignored: the one before it in the row must not learn
    /// to predict it. A sequence longer than max_length (plain text; instructions are cut to it) is
    /// split into max_length pieces, each its own segment.
    /// </summary>
    public static (float[] Features, int[] Lengths, int[] Lines) PackExamples(IReadOnlyList<TokenSequence> sequences, int maxLength)
    {
        var pieces = sequences.SelectMany(s => Enumerable.Range(0, (s.Length + maxLength - 1) / maxLength)
            .Select(p => (Sequence: s, Start: p * maxLength, Length: Math.Min(maxLength, s.Length - (p * maxLength)))));
        var rows = new List<List<(TokenSequence Sequence, int Start, int Length)>>();
        var used = maxLength;
        foreach (var piece in pieces)
        {
            if (used + piece.Length > maxLength)
            {
                rows.Add([]);
                used = 0;
            }
            rows[^1].Add(piece);
            used += piece.Length;
        }
        var width = PackedChannels * maxLength;
        var features = new float[(long)rows.Count * width];
        var lengths = new int[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var row = features.AsSpan(r * width, width);
            row[..(2 * maxLength)].Fill(Padding);
            row[maxLength..(2 * maxLength)].Fill(TokenSequence.Ignore);
            var t = 0;
            foreach (var ((sequence, start, length), index) in rows[r].Select((p, i) => (p, i)))
            {
                for (var k = 0; k < length; k++, t++)
                {
                    row[t] = sequence.Ids[start + k];
                    row[maxLength + t] = k == 0 ? TokenSequence.Ignore : sequence.Labels[start + k];
                    row[(2 * maxLength) + t] = index + 1;
                }
            }
            lengths[r] = t;
        }
        return (features, lengths, [.. rows.Select(r => r[0].Sequence.Line)]);
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
