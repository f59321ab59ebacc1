using System.Globalization;
using System.Runtime.CompilerServices;
using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Globbing;
using MlOps.Specs.Model;

namespace MlOps.Core.Data.Streaming;

/// <summary>
/// Fits the tabular encoder on the training rows of a <see cref="ScannedTable"/>, with the rules and
/// the arithmetic of the in-memory fit (so the same file gives the same bits): a column is numeric when
/// every present training value parses as a finite number and data.categorical does not list it;
/// mean = the values summed in file order / n, std = √(Σ(x − mean)² / n) (0 → 1); categorical columns
/// get an ordinal-sorted vocabulary and their most frequent value. Two reads of the spill: sums, then
/// squared deviations. Errors name the first faulty column in feature order, as before.
/// </summary>
internal static class StreamedEncoderFitter
{
    private sealed class Column
    {
        public int FirstMissing = -1;
        public bool AllParse = true;
        public bool AllFinite = true;
        public int FirstNonFinite = -1;
        public int Count;
        public double Sum;
        public double SquaredDeviations;
        public double Mean;
        public int Largest = -1;
        public double LargestValue;
        public int[] TextCounts = [];
    }

    public static FeatureEncoder Fit(ScannedTable train, bool[] isTrain, IReadOnlyList<string> features, DataSpec data, Func<TableRows> reopen, CancellationToken ct)
    {
        var columns = features.Select(_ => new Column()).ToArray();
        train.Spill.ForEach([MethodImpl(MethodImplOptions.AggressiveOptimization)] (row, cells) =>
        {
            if (!isTrain[row])
            {
                return;
            }
            for (var f = 0; f < cells.Length; f++)
            {
                Add(columns[f], train.Texts[f], row, cells[f]);
            }
        }, ct);
        var forced = features.Select(n => NameGlob.AnyMatch(data.Categorical, n)).ToArray();
        var numeric = Enumerable.Range(0, features.Count).Select(f => !forced[f] && columns[f].AllFinite).ToArray();
        for (var f = 0; f < columns.Length; f++)
        {
            columns[f].Mean = columns[f].Count == 0 ? 0 : columns[f].Sum / columns[f].Count;
        }
        if (numeric.Any(n => n))
        {
            train.Spill.ForEach([MethodImpl(MethodImplOptions.AggressiveOptimization)] (row, cells) =>
            {
                if (!isTrain[row])
                {
                    return;
                }
                for (var f = 0; f < cells.Length; f++)
                {
                    if (numeric[f] && Number(train.Texts[f], cells[f], out var x))
                    {
                        var d = x - columns[f].Mean;
                        columns[f].SquaredDeviations += d * d;
                    }
                }
            }, ct);
        }
        var encodings = new List<ColumnEncoding>(features.Count);
        for (var f = 0; f < features.Count; f++)
        {
            var column = columns[f];
            var index = train.FeatureIndices[f];
            if (column.FirstMissing >= 0 && data.Missing == MissingValuePolicy.Error)
            {
                throw MissingValueError(train, train.Lines[column.FirstMissing], index);
            }
            if (!forced[f] && column.AllParse && column.FirstNonFinite >= 0)
            {
                throw NonFinite(train, column.FirstNonFinite, index, reopen);
            }
            encodings.Add(numeric[f] ? Numeric(features[f], column, train, index) : Categorical(features[f], column, train.Texts[f]));
        }
        return FeatureEncoder.Tabular(encodings);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Add(Column column, ColumnTexts texts, int row, double cell)
    {
        var kind = CellSpill.Decode(cell, out var id);
        if (kind == CellKind.Missing)
        {
            if (column.FirstMissing < 0)
            {
                column.FirstMissing = row;
            }
            return;
        }
        double x;
        if (kind == CellKind.Text)
        {
            if (column.TextCounts.Length <= id)
            {
                Array.Resize(ref column.TextCounts, Math.Max(id + 1, column.TextCounts.Length * 2));
            }
            column.TextCounts[id]++;
            if (!texts.Parses[id])
            {
                column.AllParse = false;
                column.AllFinite = false;
                return;
            }
            x = texts.Numbers[id];
        }
        else
        {
            x = cell;
        }
        if (!double.IsFinite(x))
        {
            column.AllFinite = false;
            if (column.FirstNonFinite < 0)
            {
                column.FirstNonFinite = row;
            }
            return;
        }
        column.Count++;
        column.Sum += x;
        if (column.Largest < 0 || Math.Abs(x) > column.LargestValue)
        {
            column.Largest = row;
            column.LargestValue = Math.Abs(x);
        }
    }

    /// <summary>The finite number a cell holds (a number, or a text that parses as one).</summary>
    internal static bool Number(ColumnTexts texts, double cell, out double x)
    {
        var kind = CellSpill.Decode(cell, out var id);
        x = kind == CellKind.Number ? cell : kind == CellKind.Text && texts.Parses[id] ? texts.Numbers[id] : double.NaN;
        return double.IsFinite(x);
    }

    private static ColumnEncoding Numeric(string name, Column column, ScannedTable train, int index)
    {
        var mean = column.Mean;
        var std = Math.Sqrt(column.Count == 0 ? 0 : column.SquaredDeviations / column.Count);
        if (!double.IsFinite(mean) || !double.IsFinite(std))
        {
            // Finite cells whose mean or spread overflows (1e300): the encoder could neither scale nor save them. Name the largest.
            throw DataError.Cell(DataErrorCodes.NumberTooLarge, train.Path, train.Lines[column.Largest], train.Columns, index, string.Create(CultureInfo.InvariantCulture,
                $"{SignedLargest(train, column, index):G6} is too large to standardise: the column's mean or standard deviation overflows a 64-bit number. Rescale the column (divide it, or take its log), or list it under data.categorical."));
        }
        return new ColumnEncoding(name, FeatureKind.Numeric, mean, std > 1e-12 ? std : 1, [], null);
    }

    /// <summary>The largest value with its sign, read back from the spill row that holds it.</summary>
    private static double SignedLargest(ScannedTable train, Column column, int index)
    {
        var f = Array.IndexOf(train.FeatureIndices, index);
        var value = double.NaN;
        train.Spill.ForEach([MethodImpl(MethodImplOptions.AggressiveOptimization)] (row, cells) =>
        {
            if (row == column.Largest)
            {
                Number(train.Texts[f], cells[f], out value);
            }
        }, CancellationToken.None);
        return value;
    }

    private static ColumnEncoding Categorical(string name, Column column, ColumnTexts texts)
    {
        var present = Enumerable.Range(0, column.TextCounts.Length).Where(id => column.TextCounts[id] > 0).ToList();
        var vocabulary = present.Select(id => texts.Values[id]).Order(StringComparer.Ordinal).ToList();
        var counts = present.ToDictionary(id => texts.Values[id], id => column.TextCounts[id], StringComparer.Ordinal);
        var mostFrequent = vocabulary.Count == 0 ? null : vocabulary.MaxBy(v => counts[v]);
        return new ColumnEncoding(name, FeatureKind.Categorical, 0, 1, vocabulary, mostFrequent);
    }

    internal static MlOpsException MissingValueError(ScannedTable table, int line, int index) =>
        DataError.Cell(DataErrorCodes.MissingValue, table.Path, line, table.Columns, index,
            "the value is missing (empty, NA, NaN or null). Fill it in, or set data.missing to 'drop' (skip such rows) or 'impute' (training mean / most frequent value).");

    private static MlOpsException NonFinite(ScannedTable table, int row, int index, Func<TableRows> reopen) =>
        DataError.Cell(DataErrorCodes.NotNumeric, table.Path, table.Lines[row], table.Columns, index,
            $"'{TableScanner.CellText(reopen, table.Lines[row], index).Trim()}' is not a finite number (infinity, or beyond ±1.8e308) in a numeric column. Fix the value, or list the column under data.categorical if it is really a category.");
}
