using System.Collections;
using System.Reflection;

namespace MlOps.Contracts.Results;

/// <summary>
/// System.Text.Json's nullable annotations cover properties, not the elements of a list or the
/// values of a map: a hand-edited <c>"gates": [null]</c> would reach the report as a null gate.
/// This walk finds the first such null in a deserialized result and names its JSON path.
/// </summary>
internal static class NullElementCheck
{
    public static string? FirstNull(object root) => Walk(root, "$", depth: 0);

    private static string JsonName(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    private static string? Walk(object value, string path, int depth)
    {
        if (depth > 16 || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || value is DateTimeOffset or decimal)
        {
            return null;
        }
        if (value is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                var at = $"{path}.{entry.Key}";
                if ((entry.Value is null ? at : Walk(entry.Value, at, depth + 1)) is { } found)
                {
                    return found;
                }
            }
            return null;
        }
        if (value is IEnumerable items)
        {
            var index = 0;
            foreach (var item in items)
            {
                var at = $"{path}[{index++}]";
                if ((item is null ? at : Walk(item, at, depth + 1)) is { } found)
                {
                    return found;
                }
            }
            return null;
        }
        if (value.GetType().Namespace != typeof(RunResult).Namespace)
        {
            return null;
        }
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            var at = $"{path}.{JsonName(property.Name)}";
            var child = property.GetValue(value);
            // No collection of the contract is nullable: a null one is a hand edit, not a run's output.
            if (child is null && typeof(IEnumerable).IsAssignableFrom(property.PropertyType) && property.PropertyType != typeof(string))
            {
                return at;
            }
            if (child is not null && Walk(child, at, depth + 1) is { } found)
            {
                return found;
            }
        }
        return null;
    }
}
