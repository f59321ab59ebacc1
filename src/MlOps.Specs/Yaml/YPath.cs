namespace MlOps.Specs.Yaml;

/// <summary>Finds a node by key path without reporting anything (for warnings about values already validated).</summary>
internal static class YPath
{
    public static YNode? Find(YNode root, params string[] keys)
    {
        var node = root;
        foreach (var key in keys)
        {
            if (node is not YMapping map)
            {
                return null;
            }
            node = map.Entries.FirstOrDefault(e => e.Key is YScalar s && s.Value == key).Value;
            if (node is null)
            {
                return null;
            }
        }
        return node;
    }
}
