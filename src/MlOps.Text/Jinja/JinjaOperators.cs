namespace MlOps.Text.Jinja;

/// <summary>Python's binary and unary operators and comparisons on template values; a type Python rejects is a <see cref="JinjaTypeError"/>.</summary>
internal static class JinjaOperators
{
    public static object? Binary(string op, object? a, object? b)
    {
        if (op == "~")
        {
            return JinjaValues.Str(a) + JinjaValues.Str(b);
        }
        if (a is JinjaUndefined || b is JinjaUndefined)
        {
            throw new JinjaTypeError((a as JinjaUndefined ?? (JinjaUndefined)b!).Description);
        }
        switch (op, a, b)
        {
            case ("+", string x, string y):
                return x + y;
            case ("+", IList<object?> x, IList<object?> y):
                return x.Concat(y).ToList();
            case ("*", string x, long n):
                return string.Concat(Enumerable.Repeat(x, (int)Math.Max(0, n)));
            case ("*", IList<object?> x, long n):
                return Enumerable.Repeat(x, (int)Math.Max(0, n)).SelectMany(l => l).ToList();
        }
        if (!JinjaValues.IsNumber(a) || !JinjaValues.IsNumber(b))
        {
            throw new JinjaTypeError($"unsupported operand type(s) for {op}: '{JinjaValues.TypeName(a)}' and '{JinjaValues.TypeName(b)}'");
        }
        var integers = a is long or bool && b is long or bool;
        var x1 = JinjaValues.AsDouble(a);
        var y1 = JinjaValues.AsDouble(b);
        if (op is "/" or "//" or "%" && y1 == 0)
        {
            throw new JinjaTypeError("division by zero");
        }
        if (integers)
        {
            var x = (long)x1;
            var y = (long)y1;
            return op switch
            {
                "+" => x + y,
                "-" => x - y,
                "*" => x * y,
                "/" => (object)((double)x / y),
                "//" => (long)Math.Floor((double)x / y),
                "%" => ((x % y) + y) % y,
                "**" => y >= 0 ? (long)Math.Pow(x, y) : (object)Math.Pow(x, y),
                _ => throw new JinjaTypeError($"unknown operator {op}"),
            };
        }
        return op switch
        {
            "+" => x1 + y1,
            "-" => x1 - y1,
            "*" => x1 * y1,
            "/" => x1 / y1,
            "//" => Math.Floor(x1 / y1),
            "%" => x1 - (y1 * Math.Floor(x1 / y1)),
            "**" => Math.Pow(x1, y1),
            _ => throw new JinjaTypeError($"unknown operator {op}"),
        };
    }

    public static object? Unary(string op, object? value) => op switch
    {
        "not" => !JinjaValues.Truthy(value),
        "-" when value is long l => -l,
        "-" when value is bool b => b ? -1L : 0L,
        "-" when value is double d => -d,
        "+" when JinjaValues.IsNumber(value) => value is bool b ? (b ? 1L : 0L) : value,
        _ => throw new JinjaTypeError($"bad operand type for unary {op}: '{JinjaValues.TypeName(value)}'"),
    };

    public static bool Compare(string op, object? a, object? b)
    {
        switch (op)
        {
            case "==":
                return JinjaValues.Equals(a, b);
            case "!=":
                return !JinjaValues.Equals(a, b);
            case "in":
                return Contains(b, a);
            case "not in":
                return !Contains(b, a);
        }
        var order = JinjaValues.Compare(a, b)
            ?? throw new JinjaTypeError($"'{op}' not supported between instances of '{JinjaValues.TypeName(a)}' and '{JinjaValues.TypeName(b)}'");
        return op switch
        {
            "<" => order < 0,
            ">" => order > 0,
            "<=" => order <= 0,
            ">=" => order >= 0,
            _ => throw new JinjaTypeError($"unknown comparison {op}"),
        };
    }

    private static bool Contains(object? container, object? item) => container switch
    {
        string s when item is string part => s.Contains(part, StringComparison.Ordinal),
        string => throw new JinjaTypeError($"'in <string>' requires string as left operand, not {JinjaValues.TypeName(item)}"),
        IDictionary<string, object?> dict => item is string key && dict.ContainsKey(key),
        IList<object?> list => list.Any(x => JinjaValues.Equals(x, item)),
        JinjaUndefined u => throw new JinjaTypeError(u.Description),
        _ => throw new JinjaTypeError($"argument of type '{JinjaValues.TypeName(container)}' is not iterable"),
    };
}
