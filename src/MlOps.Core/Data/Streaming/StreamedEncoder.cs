using System.Globalization;
using System.Runtime.CompilerServices;
using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;

namespace MlOps.Core.Data.Streaming;

/// <summary>Where one split's encoded rows go, in row order: an array of the final size, or a file (out-of-core).</summary>
internal abstract class FeatureSink
{
    public abstract void Append(ReadOnlySpan<float> row);
}

/// <summary>Rows into one float array of the split's final size.</summary>
internal sealed class ArraySink(float[] features) : FeatureSink
{
    private int _offset;

    public float[] Features => features;

    public override void Append(ReadOnlySpan<float> row)
    {
        row.CopyTo(features.AsSpan(_offset));
        _offset += row.Length;
    }
}

/// <summary>
/// Pass 3 of the streaming tabular loader: one read of a file's spill encodes every split cut from
/// it, straight into each split's sink. Numeric: (x − mean) / std; categorical: one-hot over the
/// vocabulary (an unseen value gives zeros); a missing cell is imputed under data.missing: impute and
/// an error otherwise. The first bad cell of each split (in row order) is kept, and
/// <see cref="SplitResult.ThrowIfFailed"/> throws it when the caller reaches that split.
/// </summary>
internal static class StreamedEncoder
{
    public sealed class SplitResult(FeatureSink sink)
    {
        public FeatureSink Sink { get; } = sink;
        public int UnseenCategories { get; set; }
        public Func<MlOpsException>? Error { get; set; }

        public void ThrowIfFailed()
        {
            if (Error is not null)
            {
                throw Error();
            }
        }
    }

    /// <param name="splitOf">Per row of the table: the index of the split it goes to, -1: none (a dropped row).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SplitResult[] Encode(ScannedTable table, int[] splitOf, IReadOnlyList<FeatureSink> sinks, FeatureEncoder encoder, MissingValuePolicy missing, Func<TableRows> reopen, CancellationToken ct)
    {
        var results = sinks.Select(s => new SplitResult(s)).ToArray();
        var columns = encoder.Columns;
        var hot = new int[columns.Count][];
        for (var c = 0; c < columns.Count; c++)
        {
            var vocabulary = columns[c].Vocabulary.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal);
            hot[c] = [.. table.Texts[c].Values.Select(v => vocabulary.TryGetValue(v, out var i) ? i : -1)];
        }
        var row = new float[encoder.FeaturesPerSample];
        table.Spill.ForEach([MethodImpl(MethodImplOptions.AggressiveOptimization)] (r, cells) =>
        {
            var split = splitOf[r];
            if (split < 0 || results[split].Error is not null)
            {
                return;
            }
            Array.Clear(row);
            var offset = 0;
            for (var c = 0; c < columns.Count; c++)
            {
                var column = columns[c];
                var kind = CellSpill.Decode(cells[c], out var id);
                if (kind == CellKind.Missing && missing != MissingValuePolicy.Impute)
                {
                    var (line, at) = (table.Lines[r], table.FeatureIndices[c]);
                    results[split].Error = () => StreamedEncoderFitter.MissingValueError(table, line, at);
                    return;
                }
                if (column.Kind == FeatureKind.Numeric)
                {
                    var value = column.Mean;
                    if (kind != CellKind.Missing && !StreamedEncoderFitter.Number(table.Texts[c], cells[c], out value))
                    {
                        results[split].Error = NotNumeric(table, r, c, kind == CellKind.Text ? table.Texts[c].Values[id] : null, reopen);
                        return;
                    }
                    row[offset] = (float)((value - column.Mean) / column.Std);
                    if (!float.IsFinite(row[offset]))
                    {
                        var (line, at, x) = (table.Lines[r], table.FeatureIndices[c], value);
                        results[split].Error = () => DataError.Cell(DataErrorCodes.NumberTooLarge, table.Path, line, table.Columns, at, string.Create(CultureInfo.InvariantCulture,
                            $"{x:G6} is {(x - column.Mean) / column.Std:G3} standard deviations from the training mean: more than a 32-bit float holds. Fix the value, or rescale the column."));
                        return;
                    }
                }
                else
                {
                    var index = kind == CellKind.Missing ? (column.Fill is null ? -1 : IndexOf(column.Vocabulary, column.Fill))
                        : kind == CellKind.Text ? hot[c][id]
                        : throw new InvalidOperationException($"column '{column.Name}' is categorical but was scanned as numbers");
                    if (index >= 0)
                    {
                        row[offset + index] = 1f;
                    }
                    else
                    {
                        results[split].UnseenCategories++; // all zeros: a category training data never had
                    }
                }
                offset += column.Width;
            }
            results[split].Sink.Append(row);
        }, ct);
        return results;
    }

    private static int IndexOf(IReadOnlyList<string> vocabulary, string value)
    {
        for (var i = 0; i < vocabulary.Count; i++)
        {
            if (string.Equals(vocabulary[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    private static Func<MlOpsException> NotNumeric(ScannedTable table, int row, int feature, string? text, Func<TableRows> reopen)
    {
        var (line, index) = (table.Lines[row], table.FeatureIndices[feature]);
        return () =>
        {
            var cell = text ?? TableScanner.CellText(reopen, line, index);
            var what = double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? "a finite number" : "a number";
            return DataError.Cell(DataErrorCodes.NotNumeric, table.Path, line, table.Columns, index,
                $"'{cell}' is not {what}, but the column is numeric in the training data. Fix the value, or list the column under data.categorical.");
        };
    }
}
