using System.Globalization;
using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Globbing;
using MlOps.Specs.Model;

namespace MlOps.Core.Data;

/// <summary>
/// Fits the tabular encoder on the training split only: a column is numeric when every present
/// training value parses as a finite number (invariant culture) and data.categorical does not list
/// it; numeric columns get mean/std (population std, 0 → 1), categorical ones an ordinal-sorted
/// vocabulary and their most frequent value.
/// </summary>
internal static class EncoderFitter
{
    public static FeatureEncoder Fit(RawTable train, IReadOnlyList<string> features, DataSpec data)
    {
        var columns = new List<ColumnEncoding>(features.Count);
        foreach (var name in features)
        {
            var index = train.IndexOf(name);
            var values = new List<string>(train.Rows.Count);
            var lines = new List<int>(train.Rows.Count);
            foreach (var row in train.Rows)
            {
                var cell = row.Cells[index];
                if (MissingValues.IsMissing(cell))
                {
                    if (data.Missing == MissingValuePolicy.Error)
                    {
                        throw MissingValueError(train, row.Line, index);
                    }
                    continue; // impute: statistics come from the present values
                }
                values.Add(cell!.Trim());
                lines.Add(row.Line);
            }
            var forced = NameGlob.AnyMatch(data.Categorical, name);
            if (!forced)
            {
                RejectNonFinite(train, index);
            }
            columns.Add(!forced && TryNumbers(values, out var numbers) ? Numeric(name, numbers, train, index, lines) : Categorical(name, values));
        }
        return FeatureEncoder.Tabular(columns);
    }

    internal static MlOpsException MissingValueError(RawTable table, int line, int index) =>
        DataError.Cell(DataErrorCodes.MissingValue, table.Path, line, table.Columns, index,
            "the value is missing (empty, NA, NaN or null). Fill it in, or set data.missing to 'drop' (skip such rows) or 'impute' (training mean / most frequent value).");

    /// <summary>
    /// A column of numbers with one Infinity or 1e400 (which parses to infinity) would silently turn
    /// categorical and one-hot every distinct number: name that cell instead.
    /// </summary>
    private static void RejectNonFinite(RawTable train, int index)
    {
        RawRow? infinite = null;
        foreach (var row in train.Rows)
        {
            var cell = row.Cells[index];
            if (MissingValues.IsMissing(cell))
            {
                continue;
            }
            if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var x))
            {
                return; // text: a categorical column
            }
            if (!double.IsFinite(x))
            {
                infinite ??= row;
            }
        }
        if (infinite is not null)
        {
            throw NonFinite(train, infinite, index);
        }
    }

    internal static MlOpsException NonFinite(RawTable table, RawRow row, int index) =>
        DataError.Cell(DataErrorCodes.NotNumeric, table.Path, row.Line, table.Columns, index,
            $"'{row.Cells[index]!.Trim()}' is not a finite number (infinity, or beyond ±1.8e308) in a numeric column. Fix the value, or list the column under data.categorical if it is really a category.");

    internal static bool TryParse(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static bool TryNumbers(List<string> values, out double[] numbers)
    {
        numbers = new double[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            if (!TryParse(values[i], out numbers[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static ColumnEncoding Numeric(string name, double[] numbers, RawTable train, int index, List<int> lines)
    {
        var mean = numbers.Length == 0 ? 0 : numbers.Average();
        var variance = numbers.Length == 0 ? 0 : numbers.Sum(x => (x - mean) * (x - mean)) / numbers.Length;
        var std = Math.Sqrt(variance);
        if (!double.IsFinite(mean) || !double.IsFinite(std))
        {
            // Finite cells whose mean or spread overflows (1e300): the encoder could neither scale nor save them. Name the largest.
            var largest = Enumerable.Range(0, numbers.Length).MaxBy(i => Math.Abs(numbers[i]));
            throw DataError.Cell(DataErrorCodes.NumberTooLarge, train.Path, lines[largest], train.Columns, index, string.Create(CultureInfo.InvariantCulture,
                $"{numbers[largest]:G6} is too large to standardise: the column's mean or standard deviation overflows a 64-bit number. Rescale the column (divide it, or take its log), or list it under data.categorical."));
        }
        return new ColumnEncoding(name, FeatureKind.Numeric, mean, std > 1e-12 ? std : 1, [], null);
    }

    private static ColumnEncoding Categorical(string name, List<string> values)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            counts[value] = counts.GetValueOrDefault(value) + 1;
        }
        var vocabulary = counts.Keys.Order(StringComparer.Ordinal).ToList();
        var mostFrequent = vocabulary.Count == 0 ? null : vocabulary.MaxBy(v => counts[v]);
        return new ColumnEncoding(name, FeatureKind.Categorical, 0, 1, vocabulary, mostFrequent);
    }
}
