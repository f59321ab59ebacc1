namespace MlOps.Mlflow.Hosted;

/// <summary>
/// Reads one profile of a <c>.databrickscfg</c> INI file as the Databricks SDK does: a named profile must
/// exist; without a name, <c>[DEFAULT]</c> if the file has one, else nothing. Keys are lower-cased; values trimmed.
/// </summary>
internal static class DatabricksConfigFile
{
    public static IReadOnlyDictionary<string, string> Profile(string path, string? profile)
    {
        if (!File.Exists(path))
        {
            return profile is null ? new Dictionary<string, string>()
                : throw new ArgumentException($"Databricks profile '{profile}' was asked for, but {path} does not exist.");
        }
        var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }
            if (line[0] == '[' && line[^1] == ']')
            {
                var name = line[1..^1].Trim();
                current = sections.TryGetValue(name, out var existing) ? existing : sections[name] = new Dictionary<string, string>(StringComparer.Ordinal);
                continue;
            }
            var separator = line.IndexOfAny(['=', ':']);
            if (current is not null && separator > 0)
            {
                current[line[..separator].Trim().ToLowerInvariant()] = line[(separator + 1)..].Trim();
            }
        }
        var wanted = profile ?? "DEFAULT";
        if (sections.TryGetValue(wanted, out var values))
        {
            return values.Where(kv => kv.Value.Length > 0).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        }
        return profile is null ? new Dictionary<string, string>()
            : throw new ArgumentException($"{path} has no [{profile}] profile (it has: {string.Join(", ", sections.Keys)}).");
    }
}
