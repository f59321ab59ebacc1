using MlOps.Text;

namespace MlOps.Core.Data;

/// <summary>One text column of a table as token ids: rows × max_length floats, each row's length, and how many were cut.</summary>
internal static class TextEncoder
{
    public sealed record Result(float[] Ids, int[] Lengths, int Truncated, int Longest);

    public static Result Encode(RawTable table, int textIndex, TextTokenizer tokenizer, int maxLength, DataLoadOptions options, CancellationToken ct)
    {
        options.EnsureFits(table.Path, table.Rows.Count, maxLength);
        var ids = new float[(long)table.Rows.Count * maxLength];
        var lengths = new int[table.Rows.Count];
        int truncated = 0, longest = 0;
        for (var r = 0; r < table.Rows.Count; r++)
        {
            if ((r & 1023) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
            var text = table.Rows[r].Cells[textIndex] ?? string.Empty; // only imputed empty text is null here
            lengths[r] = tokenizer.EncodeInto(text, ids.AsSpan(r * maxLength, maxLength), out var cut);
            if (cut)
            {
                truncated++;
                longest = Math.Max(longest, tokenizer.EncodeContent(text).Count + 2);
            }
            longest = Math.Max(longest, lengths[r]);
        }
        return new Result(ids, lengths, truncated, longest);
    }
}
