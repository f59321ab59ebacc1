using System.Globalization;

namespace MlOps.Core.Data;

/// <summary>
/// Which classes there are and which label index each row gets. Order: the caller's list, else
/// data.classes, else the distinct training labels in ordinal string order.
/// </summary>
internal static class ClassList
{
    public static IReadOnlyList<string> Resolve(IReadOnlyList<string>? given, IReadOnlyList<string> fromSpec, IEnumerable<string> trainingLabels) =>
        given is { Count: > 0 } ? given
        : fromSpec.Count > 0 ? fromSpec
        : [.. trainingLabels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>At least two classes must appear in training data.</summary>
    public static void RequireSeveral(string file, IReadOnlyList<string> classes, IEnumerable<long> trainingLabels)
    {
        var present = trainingLabels.Distinct().Take(2).ToList();
        if (present.Count < 2)
        {
            var only = present.Count == 1 ? classes[(int)present[0]] : "(none)";
            throw DataError.File(DataErrorCodes.SingleClass, file,
                $"the training data holds a single class ('{only}'): a classifier needs at least two. Check the label column and the split, or add examples of the other classes.");
        }
    }

    /// <summary>Label indices of a table's rows; a label outside the class list is an error.</summary>
    public static long[] Index(RawTable table, string labelColumn, IReadOnlyList<string> classes, string context)
    {
        var labelIndex = table.IndexOf(labelColumn);
        var lookup = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => (long)p.i, StringComparer.Ordinal);
        var labels = new long[table.Rows.Count];
        for (var r = 0; r < labels.Length; r++)
        {
            var row = table.Rows[r];
            var label = row.Cells[labelIndex]!.Trim();
            if (!lookup.TryGetValue(label, out labels[r]))
            {
                throw DataError.Cell(DataErrorCodes.UnseenLabel, table.Path, row.Line, table.Columns, labelIndex, string.Create(CultureInfo.InvariantCulture,
                    $"{context} label '{label}' is not one of the classes [{string.Join(", ", classes)}]. The classes come from the base model's head (head: keep), else data.classes, else the training labels; fix the label or that list."));
            }
        }
        return labels;
    }

    /// <summary>Validation (and test) labels must be classes the training split actually had.</summary>
    public static void RequireSeenInTraining(string file, IReadOnlyList<int> lines, long[] labels, IReadOnlyList<string> classes, IEnumerable<long> trainingLabels, int labelColumn, string context = "validation")
    {
        var seen = trainingLabels.ToHashSet();
        for (var r = 0; r < labels.Length; r++)
        {
            if (!seen.Contains(labels[r]))
            {
                throw DataError.At(DataErrorCodes.UnseenLabel, file, lines[r], labelColumn, string.Create(CultureInfo.InvariantCulture,
                    $"{context} row at line {lines[r]} has label '{classes[(int)labels[r]]}' that no training row has; the model cannot learn it. Add training examples of it, or remove the row."));
            }
        }
    }
}
