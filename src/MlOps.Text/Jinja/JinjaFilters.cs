using System.Globalization;

namespace MlOps.Text.Jinja;

/// <summary>The filters chat templates use, as Jinja defines them, and transformers' own tojson.</summary>
internal static class JinjaFilters
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "trim", "length", "count", "tojson", "upper", "lower", "title", "capitalize", "default", "d", "string", "first", "last",
        "join", "replace", "list", "reverse", "int", "float", "abs", "items", "selectattr", "rejectattr", "map", "safe", "unique",
    };

    public static object? Apply(string name, object? value, IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> named)
    {
        if (value is JinjaUndefined undefined && name is not ("default" or "d" or "length" or "count" or "string" or "list" or "safe"))
        {
            throw new JinjaTypeError(undefined.Description);
        }
        return name switch
        {
            "trim" => JinjaMethods.Strip(JinjaValues.Str(value), Arg(args, named, 0, "chars"), left: true, right: true),
            "length" or "count" => (long)Length(value),
            "tojson" => JinjaJson.Dumps(value, Arg(args, named, 1, "indent"), Arg(args, named, 0, "ensure_ascii") is true, Arg(args, named, 3, "sort_keys") is true, Arg(args, named, 2, "separators")),
            "upper" => JinjaValues.Str(value).ToUpperInvariant(),
            "lower" => JinjaValues.Str(value).ToLowerInvariant(),
            "title" => JinjaMethods.Title(JinjaValues.Str(value)),
            "capitalize" => JinjaMethods.Capitalize(JinjaValues.Str(value)),
            "default" or "d" => value is JinjaUndefined || (Arg(args, named, 1, "boolean") is true && !JinjaValues.Truthy(value)) ? Arg(args, named, 0, "default_value") ?? "" : value,
            "string" or "safe" => JinjaValues.Str(value),
            "first" => Items(value).FirstOrDefault(new JinjaUndefined("the sequence is empty")),
            "last" => Items(value).LastOrDefault(new JinjaUndefined("the sequence is empty")),
            "join" => string.Join(Arg(args, named, 0, "d") as string ?? "", Items(value).Select(i => JinjaValues.Str(Arg(args, named, 1, "attribute") is string a ? Lookup(i, a) : i))),
            "replace" => args is [string old, string @new, ..] ? JinjaValues.Str(value).Replace(old, @new, StringComparison.Ordinal) : throw new JinjaTypeError("replace needs two strings"),
            "list" => value is JinjaUndefined ? new List<object?>() : Items(value),
            "reverse" => value is string s ? string.Concat(JinjaValues.CodePoints(s).AsEnumerable().Reverse()) : Enumerable.Reverse(Items(value)).ToList(),
            "int" => ToInt(value),
            "float" => value is string f && double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : JinjaValues.IsNumber(value) ? JinjaValues.AsDouble(value) : 0.0,
            "abs" => value is long l ? Math.Abs(l) : Math.Abs(JinjaValues.AsDouble(value)),
            "items" => value is IDictionary<string, object?> dict ? dict.Select(p => (object?)new List<object?> { p.Key, p.Value }).ToList() : throw new JinjaTypeError("items expects a mapping"),
            "selectattr" or "rejectattr" => Items(value).Where(i => Select(i, args) == (name == "selectattr")).ToList(),
            "map" => Items(value).Select(i => Arg(args, named, -1, "attribute") is string a ? Lookup(i, a) : args is [string filter, ..] ? Apply(filter, i, [.. args.Skip(1)], named) : i).ToList(),
            "unique" => Items(value).Aggregate(new List<object?>(), (seen, i) => { if (!seen.Any(s => JinjaValues.Equals(s, i))) { seen.Add(i); } return seen; }),
            _ => throw new JinjaTypeError($"no filter named '{name}'"),
        };
    }

    private static object? Arg(IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> named, int position, string name) =>
        named.TryGetValue(name, out var value) ? value : position >= 0 && position < args.Count ? args[position] : null;

    private static int Length(object? value) => value switch
    {
        JinjaUndefined => 0,
        string s => JinjaValues.CodePoints(s).Count,
        System.Collections.ICollection c => c.Count,
        _ => throw new JinjaTypeError($"object of type '{JinjaValues.TypeName(value)}' has no len()"),
    };

    private static List<object?> Items(object? value) => value switch
    {
        string s => [.. JinjaValues.CodePoints(s)],
        IDictionary<string, object?> dict => [.. dict.Keys],
        IList<object?> list => [.. list],
        _ => throw new JinjaTypeError($"'{JinjaValues.TypeName(value)}' object is not iterable"),
    };

    private static object? Lookup(object? item, string attribute) =>
        item is IDictionary<string, object?> dict && dict.TryGetValue(attribute, out var v) ? v : new JinjaUndefined($"no attribute '{attribute}'");

    /// <summary>selectattr("attr") tests truth; selectattr("attr", "test", arg) runs the test.</summary>
    private static bool Select(object? item, IReadOnlyList<object?> args)
    {
        if (args is not [string attribute, ..])
        {
            throw new JinjaTypeError("selectattr/rejectattr need an attribute name");
        }
        var value = Lookup(item, attribute);
        return args.Count < 2 ? JinjaValues.Truthy(value) : JinjaTests.Apply(args[1] as string ?? "", value, [.. args.Skip(2)]);
    }

    private static long ToInt(object? value) => value switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        double d => (long)Math.Truncate(d),
        string s when long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        _ => 0,
    };
}
