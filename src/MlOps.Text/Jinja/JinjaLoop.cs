namespace MlOps.Text.Jinja;

/// <summary>The "loop" variable inside a for: index, index0, revindex, revindex0, first, last, length, previtem, nextitem.</summary>
internal static class JinjaLoop
{
    public static Dictionary<string, object?> For(IReadOnlyList<object?> items, int i)
    {
        var n = items.Count;
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["index"] = (long)(i + 1),
            ["index0"] = (long)i,
            ["revindex"] = (long)(n - i),
            ["revindex0"] = (long)(n - i - 1),
            ["first"] = i == 0,
            ["last"] = i == n - 1,
            ["length"] = (long)n,
            ["previtem"] = i > 0 ? items[i - 1] : new JinjaUndefined("there is no previous item"),
            ["nextitem"] = i < n - 1 ? items[i + 1] : new JinjaUndefined("there is no next item"),
        };
    }
}
