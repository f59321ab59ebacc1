using MlOps.Specs.Model;

namespace MlOps.Core.Data;

/// <summary>Column-level checks with messages that list what is there and what differs.</summary>
internal static class ColumnCheck
{
    public static int RequireLabel(RawTable table, string label)
    {
        var index = table.IndexOf(label);
        return index >= 0 ? index : throw DataError.File(DataErrorCodes.LabelColumnMissing, table.Path,
            $"the label column '{label}' (data.label) is not in the file. Columns are: {string.Join(", ", table.Columns)}. Set data.label to one of them.");
    }

    /// <param name="what">The other file's split ("validation", "test"), for the message.</param>
    public static void RequireSame(RawTable train, RawTable other, string what = "validation")
    {
        var onlyTrain = train.Columns.Except(other.Columns, StringComparer.Ordinal).ToList();
        var onlyOther = other.Columns.Except(train.Columns, StringComparer.Ordinal).ToList();
        if (onlyTrain.Count > 0 || onlyOther.Count > 0)
        {
            throw DataError.File(DataErrorCodes.ColumnMismatch, other.Path,
                $"{what} and training data have different columns. Only in training ({train.Path}): [{string.Join(", ", onlyTrain)}]; only in {what}: [{string.Join(", ", onlyOther)}]. Both files need the same columns.");
        }
    }

    /// <summary>The feature columns: the encoder's (all must exist), else selected from the spec.</summary>
    public static List<string> Features(RawTable table, DataSpec data, FeatureEncoder? encoder)
    {
        if (encoder is { IsAudio: true })
        {
            throw DataError.File(DataErrorCodes.EncoderMismatch, table.Path, "the base model was trained on audio, but this data is tabular; use format: audiofolder or audio, or a tabular base model.");
        }
        if (encoder is { IsImage: true } or { IsText: true })
        {
            throw DataError.File(DataErrorCodes.EncoderMismatch, table.Path, $"the base model was trained on {(encoder.IsImage ? "images" : "text")}, but this data is tabular; use a tabular base model, or set data.text{(encoder.IsImage ? " (text) or format: idx (images)" : " to the text column")}.");
        }
        if (encoder is not null)
        {
            var names = encoder.Columns.Select(c => c.Name).ToList();
            var absent = names.Where(n => table.IndexOf(n) < 0).ToList();
            return absent.Count == 0 ? names : throw DataError.File(DataErrorCodes.ColumnMismatch, table.Path,
                $"the base model's feature columns [{string.Join(", ", absent)}] are not in the file. A fine-tune must feed the same columns as the pretraining data.");
        }
        var selected = FeatureSelection.Select(table.Columns, data);
        return selected.Count > 0 ? selected : throw DataError.File(DataErrorCodes.NoFeatures, table.Path,
            $"no feature column is left after data.include, data.exclude, the label '{data.Label}' and the sensitive attributes. Columns are: {string.Join(", ", table.Columns)}.");
    }
}
