using MlOps.Text;
using MlOps.Specs.Model;

namespace MlOps.Core.Data;

/// <summary>
/// Empty text (blank or JSON null; "NA" is text here, not a missing value) under data.missing:
/// error stops at its line and column, drop leaves the row out (counted), impute keeps it as an
/// empty sequence ([CLS] [SEP]).
/// </summary>
internal static class TextRowFilter
{
    public static RawTable Apply(RawTable table, int textIndex, MissingValuePolicy policy, out int dropped)
    {
        dropped = 0;
        var kept = new List<RawRow>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            if (!string.IsNullOrWhiteSpace(row.Cells[textIndex]) || policy == MissingValuePolicy.Impute)
            {
                kept.Add(row);
                continue;
            }
            if (policy == MissingValuePolicy.Error)
            {
                throw DataError.Cell(TextErrorCodes.EmptyText, table.Path, row.Line, table.Columns, textIndex,
                    "the text is empty. Fill it in, or set data.missing to 'drop' to skip such rows (or 'impute' to keep them as empty text).");
            }
            dropped++;
        }
        return table.WithRows(kept);
    }
}
