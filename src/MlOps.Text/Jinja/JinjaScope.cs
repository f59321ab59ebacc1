namespace MlOps.Text.Jinja;

/// <summary>Variables of one frame (the template, or one loop iteration), looking outward for names it does not hold.</summary>
internal sealed class JinjaScope(JinjaScope? parent)
{
    private readonly JinjaScope? outer = parent;
    private readonly Dictionary<string, object?> values = new(StringComparer.Ordinal);

    public object? this[string name]
    {
        set => values[name] = value;
    }

    public bool TryGet(string name, out object? value)
    {
        for (var scope = this; scope is not null; scope = scope.outer)
        {
            if (scope.values.TryGetValue(name, out value))
            {
                return true;
            }
        }
        value = null;
        return false;
    }
}
