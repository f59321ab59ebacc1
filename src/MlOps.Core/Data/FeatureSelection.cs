using MlOps.Specs.Globbing;
using MlOps.Specs.Model;

namespace MlOps.Core.Data;

/// <summary>
/// Which columns become features: data.include globs (empty: all), minus data.exclude, minus the
/// label, minus every sensitive attribute's source columns unless that attribute says use_as_feature.
/// </summary>
internal static class FeatureSelection
{
    public static List<string> Select(IReadOnlyList<string> columns, DataSpec data)
    {
        var sensitive = SensitiveSourceColumns(columns, data.Sensitive.Where(s => !s.UseAsFeature));
        return [.. columns.Where(c =>
            !string.Equals(c, data.Label, StringComparison.Ordinal)
            && (data.Include.Count == 0 || NameGlob.AnyMatch(data.Include, c))
            && !NameGlob.AnyMatch(data.Exclude, c)
            && !sensitive.Contains(c))];
    }

    /// <summary>The columns a set of sensitive attributes reads: Column ?? Name, or its one-hot globs.</summary>
    public static HashSet<string> SensitiveSourceColumns(IReadOnlyList<string> columns, IEnumerable<SensitiveAttributeSpec> attributes)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            if (attribute.OneHot.Count > 0)
            {
                result.UnionWith(columns.Where(c => NameGlob.AnyMatch(attribute.OneHot.Values, c)));
            }
            else
            {
                result.Add(attribute.Column ?? attribute.Name);
            }
        }
        return result;
    }
}
