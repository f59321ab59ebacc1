using System.Globalization;
using System.Text;

namespace MlOps.Text.Jinja;

/// <summary>A name or key that is not there: prints as "", is false, and fails when used further (Jinja's Undefined).</summary>
internal sealed record JinjaUndefined(string Description)
{
    public override string ToString() => "";
}

/// <summary>namespace(...): the one mutable object templates have, so a loop can carry a value out.</summary>
internal sealed class JinjaNamespace : Dictionary<string, object?>
{
    public JinjaNamespace() : base(StringComparer.Ordinal)
    {
    }
}

/// <summary>A function or bound method a template can call: positional and keyword arguments.</summary>
internal delegate object? JinjaCallable(IReadOnlyList<object?> positional, IReadOnlyDictionary<string, object?> named);

/// <summary>
/// Python's semantics for the values templates handle (None, bool, int as long, float as double, str,
/// list, dict): truth, str() and repr(), equality, ordering, len() in code points.
/// </summary>
internal static class JinjaValues
{
    public static bool Truthy(object? value) => value switch
    {
        null or JinjaUndefined => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        System.Collections.ICollection c => c.Count > 0,
        _ => true,
    };

    /// <summary>str(value) as Python prints it.</summary>
    public static string Str(object? value) => value switch
    {
        string s => s,
        JinjaUndefined => "",
        _ => Repr(value),
    };

    public static string Repr(object? value) => value switch
    {
        null => "None",
        JinjaUndefined => "",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => Float(d),
        string s => QuoteString(s),
        JinjaNamespace => "<Namespace>",
        IDictionary<string, object?> dict => "{" + string.Join(", ", dict.Select(p => $"{QuoteString(p.Key)}: {Repr(p.Value)}")) + "}",
        IList<object?> list => "[" + string.Join(", ", list.Select(Repr)) + "]",
        _ => value.ToString() ?? "",
    };

    public static string Float(double d)
    {
        if (double.IsNaN(d))
        {
            return "nan";
        }
        if (double.IsInfinity(d))
        {
            return d > 0 ? "inf" : "-inf";
        }
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        if (text.Contains('E', StringComparison.Ordinal))
        {
            // Python: 1e-05, 1e+16
            var parts = text.Split('E');
            var exponent = int.Parse(parts[1], CultureInfo.InvariantCulture);
            return $"{parts[0]}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }
        return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
    }

    /// <summary>Python's repr of a str: single quotes unless the text has a ' and no ".</summary>
    public static string QuoteString(string s)
    {
        var quote = s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var builder = new StringBuilder().Append(quote);
        foreach (var c in s)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c == quote => "\\" + c,
                _ when c < ' ' || c == '\x7f' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return builder.Append(quote).ToString();
    }

    public static bool IsNumber(object? value) => value is long or double or bool;

    public static double AsDouble(object? value) => value switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        _ => throw new InvalidCastException(),
    };

    public static new bool Equals(object? a, object? b)
    {
        if (a is JinjaUndefined || b is JinjaUndefined)
        {
            return a is JinjaUndefined && b is JinjaUndefined;
        }
        if (IsNumber(a) && IsNumber(b))
        {
            return a is long or bool && b is long or bool ? AsLong(a) == AsLong(b) : AsDouble(a) == AsDouble(b);
        }
        return (a, b) switch
        {
            (null, null) => true,
            (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
            (IList<object?> x, IList<object?> y) => x.Count == y.Count && x.Zip(y).All(p => Equals(p.First, p.Second)),
            (IDictionary<string, object?> x, IDictionary<string, object?> y) => x.Count == y.Count && x.All(p => y.TryGetValue(p.Key, out var v) && Equals(p.Value, v)),
            _ => ReferenceEquals(a, b),
        };
    }

    private static long AsLong(object? value) => value is bool b ? (b ? 1 : 0) : (long)value!;

    /// <summary>Python's &lt; ordering of numbers with numbers and strings with strings (code point order); null for types Python cannot order.</summary>
    public static int? Compare(object? a, object? b)
    {
        if (IsNumber(a) && IsNumber(b))
        {
            return AsDouble(a).CompareTo(AsDouble(b));
        }
        if (a is string x && b is string y)
        {
            return string.CompareOrdinal(x, y) switch { < 0 => -1, 0 => 0, _ => 1 };
        }
        return null;
    }

    /// <summary>The text as Python indexes it: one element per code point.</summary>
    public static List<string> CodePoints(string s)
    {
        var points = new List<string>(s.Length);
        foreach (var rune in s.EnumerateRunes())
        {
            points.Add(rune.ToString());
        }
        return points;
    }

    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        JinjaUndefined => "Undefined",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        JinjaNamespace => "Namespace",
        IDictionary<string, object?> => "dict",
        IList<object?> => "list",
        JinjaCallable => "function",
        _ => value.GetType().Name,
    };
}
