using System.Globalization;
using System.Text;

namespace MlOps.Mlflow.Models;

/// <summary>
/// Python's <c>json.dumps</c> of a tree (ordered pairs, lists, str, float, int, bool, None): compact
/// with <c>", "</c> and <c>": "</c>, or with <c>indent=2</c>; as MLflow writes input examples.
/// </summary>
internal static class PythonJson
{
    public static string Dumps(object? value, bool indent)
    {
        var text = new StringBuilder();
        Write(text, value, indent, 0);
        return text.ToString();
    }

    private static void Write(StringBuilder text, object? value, bool indent, int level)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case bool b:
                text.Append(b ? "true" : "false");
                break;
            case string s:
                text.Append(PythonRepr.JsonString(s));
                break;
            case int or long or byte:
                text.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            case double d:
                text.Append(PythonRepr.JsonFloat(d));
                break;
            case float f:
                text.Append(PythonRepr.JsonFloat(f));
                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                WriteAll(text, pairs.ToList(), '{', '}', indent, level, (p, l) =>
                {
                    text.Append(PythonRepr.JsonString(p.Key)).Append(": ");
                    Write(text, p.Value, indent, l);
                });
                break;
            case System.Collections.IEnumerable list:
                WriteAll(text, list.Cast<object?>().ToList(), '[', ']', indent, level, (item, l) => Write(text, item, indent, l));
                break;
            default:
                throw new ArgumentException($"JSON cannot hold a {value.GetType().Name}");
        }
    }

    private static void WriteAll<T>(StringBuilder text, List<T> items, char open, char close, bool indent, int level, Action<T, int> write)
    {
        text.Append(open);
        if (items.Count == 0)
        {
            text.Append(close);
            return;
        }
        for (var i = 0; i < items.Count; i++)
        {
            if (indent)
            {
                text.Append(i == 0 ? "\n" : ",\n").Append(' ', 2 * (level + 1));
            }
            else if (i > 0)
            {
                text.Append(", ");
            }
            write(items[i], level + 1);
        }
        if (indent)
        {
            text.Append('\n').Append(' ', 2 * level);
        }
        text.Append(close);
    }
}
