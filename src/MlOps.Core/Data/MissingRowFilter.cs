using MlOps.Specs.Model;

namespace MlOps.Core.Data;

/// <summary>
/// Applies data.missing to whole rows before anything is fitted: a missing label is an error
/// unless the policy is drop (a label cannot be imputed); under drop, a row with a missing label
/// or feature value is left out and counted.
/// </summary>
internal static class MissingRowFilter
{
    public static RawTable Apply(RawTable table, string label, IReadOnlyList<string> features, MissingValuePolicy policy, out int dropped)
    {
        dropped = 0;
        var labelIndex = table.IndexOf(label);
        var featureIndices = features.Select(table.IndexOf).ToArray();
        if (policy != MissingValuePolicy.Drop)
        {
            foreach (var row in table.Rows)
            {
                if (MissingValues.IsMissing(row.Cells[labelIndex]))
                {
                    throw DataError.Cell(DataErrorCodes.MissingValue, table.Path, row.Line, table.Columns, labelIndex,
                        "the label is missing. Fill it in, or set data.missing to 'drop' to skip unlabelled rows (labels are never imputed).");
                }
            }
            return table;
        }
        var kept = new List<RawRow>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            if (MissingValues.IsMissing(row.Cells[labelIndex]) || featureIndices.Any(i => MissingValues.IsMissing(row.Cells[i])))
            {
                dropped++;
            }
            else
            {
                kept.Add(row);
            }
        }
        return table.WithRows(kept);
    }
}
