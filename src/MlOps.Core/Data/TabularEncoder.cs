using MlOps.Specs.Model;

namespace MlOps.Core.Data;

/// <summary>Turns rows of text into the float matrix an encoder describes.</summary>
internal static class TabularEncoder
{
    /// <summary>Row-major features; missing cells are imputed (policy impute) or an error.</summary>
    public static float[] Encode(RawTable table, FeatureEncoder encoder, MissingValuePolicy missing, DataLoadOptions options, out int unseenCategories)
    {
        var width = encoder.FeaturesPerSample;
        options.EnsureFits(table.Path, table.Rows.Count, width);
        var indices = encoder.Columns.Select(c => table.IndexOf(c.Name)).ToArray();
        var features = new float[(long)table.Rows.Count * width];
        unseenCategories = 0;
        var lookups = encoder.Columns.Select(c => c.Vocabulary.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal)).ToArray();
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var offset = (long)r * width;
            for (var c = 0; c < encoder.Columns.Count; c++)
            {
                var column = encoder.Columns[c];
                var cell = row.Cells[indices[c]];
                if (MissingValues.IsMissing(cell))
                {
                    if (missing != MissingValuePolicy.Impute)
                    {
                        throw EncoderFitter.MissingValueError(table, row.Line, indices[c]);
                    }
                    cell = column.Kind == FeatureKind.Numeric ? null : column.Fill;
                }
                if (column.Kind == FeatureKind.Numeric)
                {
                    var value = cell is null ? column.Mean : Parse(table, row, indices[c], cell);
                    features[offset] = (float)((value - column.Mean) / column.Std);
                    if (!float.IsFinite(features[offset]))
                    {
                        throw DataError.Cell(DataErrorCodes.NumberTooLarge, table.Path, row.Line, table.Columns, indices[c], string.Create(System.Globalization.CultureInfo.InvariantCulture,
                            $"{value:G6} is {(value - column.Mean) / column.Std:G3} standard deviations from the training mean: more than a 32-bit float holds. Fix the value, or rescale the column."));
                    }
                }
                else if (cell is not null && lookups[c].TryGetValue(cell.Trim(), out var hot))
                {
                    features[offset + hot] = 1f;
                }
                else
                {
                    unseenCategories++; // all zeros: a category training data never had
                }
                offset += column.Width;
            }
        }
        return features;
    }

    private static double Parse(RawTable table, RawRow row, int index, string cell) =>
        EncoderFitter.TryParse(cell, out var value)
            ? value
            : throw DataError.Cell(DataErrorCodes.NotNumeric, table.Path, row.Line, table.Columns, index,
                $"'{cell}' is not {(double.TryParse(cell, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) ? "a finite number" : "a number")}, but the column is numeric in the training data. Fix the value, or list the column under data.categorical.");
}
