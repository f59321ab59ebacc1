using MlOps.Core.Pipeline;
using MlOps.Specs.Model;

namespace MlOps.Core.Data;

/// <summary>The <see cref="DatasetInfo"/> of a tabular file: digest, size, class balance, schema.</summary>
internal static class TabularProfile
{
    /// <param name="sha256">The file's digest (a file split in two is hashed once).</param>
    public static DatasetInfo Describe(string path, string sha256, IReadOnlyList<string> columns, int rows, string name, string context, long[] labels, IReadOnlyList<string> classes, DataSpec data, FeatureEncoder encoder)
    {
        var kinds = encoder.Columns.ToDictionary(c => c.Name, c => c.Kind == FeatureKind.Numeric ? "numeric" : "categorical", StringComparer.Ordinal);
        var sensitive = FeatureSelection.SensitiveSourceColumns(columns, data.Sensitive);
        var schema = columns.Select(c =>
            string.Equals(c, data.Label, StringComparison.Ordinal) ? $"{c}:label"
            : kinds.TryGetValue(c, out var kind) ? $"{c}:{kind}"
            : sensitive.Contains(c) ? $"{c}:sensitive"
            : $"{c}:unused").ToList();
        return new DatasetInfo(name, context, path, sha256, rows, columns.Count, CountClasses(labels, classes), schema);
    }

    public static Dictionary<string, int> CountClasses(long[] labels, IReadOnlyList<string> classes)
    {
        var counts = classes.ToDictionary(c => c, _ => 0, StringComparer.Ordinal);
        foreach (var label in labels)
        {
            counts[classes[(int)label]]++;
        }
        return counts;
    }
}
