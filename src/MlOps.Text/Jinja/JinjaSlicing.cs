namespace MlOps.Text.Jinja;

/// <summary>Python's slice [start:stop:step] on lists and strings (strings by code point), negative indices from the end.</summary>
internal static class JinjaSlicing
{
    public static object? Slice(object? target, object? start, object? stop, object? step, JinjaExpr at)
    {
        var items = target switch
        {
            string s => JinjaValues.CodePoints(s).Cast<object?>().ToList(),
            IList<object?> list => list,
            _ => throw JinjaError.Render($"'{JinjaValues.TypeName(target)}' object is not subscriptable", at.Line, at.Column),
        };
        var stepValue = step is null ? 1 : Index(step, at);
        if (stepValue == 0)
        {
            throw JinjaError.Render("slice step cannot be zero", at.Line, at.Column);
        }
        var n = items.Count;
        long Clamp(object? value, long fallback)
        {
            if (value is null)
            {
                return fallback;
            }
            var i = Index(value, at);
            if (i < 0)
            {
                i += n;
            }
            return stepValue > 0 ? Math.Clamp(i, 0, n) : Math.Clamp(i, -1, n - 1);
        }
        var first = Clamp(start, stepValue > 0 ? 0 : n - 1);
        var last = Clamp(stop, stepValue > 0 ? n : -1);
        var picked = new List<object?>();
        for (var i = first; stepValue > 0 ? i < last : i > last; i += stepValue)
        {
            picked.Add(items[(int)i]);
        }
        return target is string ? string.Concat(picked.Cast<string>()) : picked;
    }

    private static long Index(object? value, JinjaExpr at) => value switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        _ => throw JinjaError.Render($"slice indices must be integers or None, not {JinjaValues.TypeName(value)}", at.Line, at.Column),
    };
}
