namespace MlOps.Text.Jinja;

/// <summary>Jinja's tests ("x is defined", "x is string", …) that chat templates use.</summary>
internal static class JinjaTests
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "defined", "undefined", "none", "string", "number", "integer", "float", "boolean", "true", "false", "mapping",
        "iterable", "sequence", "callable", "odd", "even", "divisibleby", "eq", "equalto", "==", "ne", "!=", "in", "lt", "gt", "le", "ge",
    };

    public static bool Apply(string name, object? value, IReadOnlyList<object?> args) => name switch
    {
        "defined" => value is not JinjaUndefined,
        "undefined" => value is JinjaUndefined,
        "none" => value is null,
        "string" => value is string,
        "number" => value is long or double,
        "integer" => value is long,
        "float" => value is double,
        "boolean" => value is bool,
        "true" => value is true,
        "false" => value is false,
        "mapping" => value is IDictionary<string, object?>,
        "iterable" => value is string or IList<object?> or IDictionary<string, object?>,
        "sequence" => value is string or IList<object?> or IDictionary<string, object?>,
        "callable" => value is JinjaCallable,
        "odd" => value is long l && Math.Abs(l % 2) == 1,
        "even" => value is long l && l % 2 == 0,
        "divisibleby" => value is long l && args is [long d, ..] && d != 0 && l % d == 0,
        "eq" or "equalto" or "==" => args.Count > 0 && JinjaValues.Equals(value, args[0]),
        "ne" or "!=" => args.Count > 0 && !JinjaValues.Equals(value, args[0]),
        "in" => args.Count > 0 && JinjaOperators.Compare("in", value, args[0]),
        "lt" or "gt" or "le" or "ge" => args.Count > 0 && JinjaOperators.Compare(name switch { "lt" => "<", "gt" => ">", "le" => "<=", _ => ">=" }, value, args[0]),
        _ => throw new JinjaTypeError($"no test named '{name}'"),
    };
}
