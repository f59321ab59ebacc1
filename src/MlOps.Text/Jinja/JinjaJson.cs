using System.Globalization;
using System.Text;

namespace MlOps.Text.Jinja;

/// <summary>
/// transformers' tojson filter: Python's json.dumps(x, ensure_ascii=False, indent=None, separators=None,
/// sort_keys=False), so separators are ", " and ": " (or "," and ": " when indented) and non-ASCII stays as is.
/// </summary>
internal static class JinjaJson
{
    public static string Dumps(object? value, object? indent, bool ensureAscii, bool sortKeys, object? separators)
    {
        var indentText = indent switch
        {
            null => null,
            long n => new string(' ', (int)n),
            string s => s,
            _ => throw new JinjaTypeError("tojson indent must be an integer or a string"),
        };
        var (item, key) = separators switch
        {
            IList<object?> { Count: 2 } pair => (JinjaValues.Str(pair[0]), JinjaValues.Str(pair[1])),
            _ => (indentText is null ? ", " : ",", ": "),
        };
        var builder = new StringBuilder();
        Write(builder, value, new Style(indentText, item, key, ensureAscii, sortKeys), 0);
        return builder.ToString();
    }

    private sealed record Style(string? Indent, string ItemSeparator, string KeySeparator, bool EnsureAscii, bool SortKeys);

    private static void Write(StringBuilder b, object? value, Style style, int depth)
    {
        switch (value)
        {
            case null:
                b.Append("null");
                break;
            case bool flag:
                b.Append(flag ? "true" : "false");
                break;
            case long l:
                b.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                b.Append(double.IsNaN(d) ? "NaN" : double.IsInfinity(d) ? (d > 0 ? "Infinity" : "-Infinity") : JinjaValues.Float(d));
                break;
            case string s:
                String(b, s, style.EnsureAscii);
                break;
            case IDictionary<string, object?> dict:
                var pairs = style.SortKeys ? dict.OrderBy(p => p.Key, StringComparer.Ordinal).ToList() : dict.ToList();
                Container(b, '{', '}', pairs.Count, style, depth, i =>
                {
                    String(b, pairs[i].Key, style.EnsureAscii);
                    b.Append(style.KeySeparator);
                    Write(b, pairs[i].Value, style, depth + 1);
                });
                break;
            case IList<object?> list:
                Container(b, '[', ']', list.Count, style, depth, i => Write(b, list[i], style, depth + 1));
                break;
            default:
                throw new JinjaTypeError($"Object of type {JinjaValues.TypeName(value)} is not JSON serializable");
        }
    }

    private static void Container(StringBuilder b, char open, char close, int count, Style style, int depth, Action<int> item)
    {
        b.Append(open);
        if (count == 0)
        {
            b.Append(close);
            return;
        }
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                b.Append(style.ItemSeparator);
            }
            if (style.Indent is not null)
            {
                b.Append('\n').Append(string.Concat(Enumerable.Repeat(style.Indent, depth + 1)));
            }
            item(i);
        }
        if (style.Indent is not null)
        {
            b.Append('\n').Append(string.Concat(Enumerable.Repeat(style.Indent, depth)));
        }
        b.Append(close);
    }

    private static void String(StringBuilder b, string s, bool ensureAscii)
    {
        b.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                case '\b': b.Append("\\b"); break;
                case '\f': b.Append("\\f"); break;
                default:
                    if (c < ' ' || (ensureAscii && c > '~'))
                    {
                        b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        b.Append(c);
                    }
                    break;
            }
        }
        b.Append('"');
    }
}
