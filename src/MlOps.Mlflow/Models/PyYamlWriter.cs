using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MlOps.Mlflow.Models;

/// <summary>
/// Block YAML as PyYAML's <c>safe_dump(default_flow_style=False)</c> writes it, which is how MLflow
/// saves an MLmodel file: sorted keys, two-space indents, lists under a key not indented, plain
/// scalars unless they would read back as another type (then single-quoted), long scalars folded at
/// a single space past column 80, empty collections as <c>{}</c> / <c>[]</c>. Strings with
/// characters outside printable ASCII are double-quoted with escapes (valid YAML that loads the same;
/// PyYAML may choose another layout for them).
/// </summary>
internal static partial class PyYamlWriter
{
    private const int BestWidth = 80;

    /// <summary>Values: null, string, bool, int/long, double, IReadOnlyDictionary&lt;string, object?&gt;, IEnumerable&lt;object?&gt;.</summary>
    public static string Write(IReadOnlyDictionary<string, object?> document)
    {
        var text = new StringBuilder();
        WriteMapping(text, document, 0);
        return text.ToString();
    }

    private static void WriteMapping(StringBuilder text, IReadOnlyDictionary<string, object?> map, int indent)
    {
        foreach (var (key, value) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.Append(' ', indent);
            var keyText = Scalar(key, indent + 2, indent);
            text.Append(keyText).Append(':');
            WriteValue(text, value, indent, indent + keyText.Length + 1, nestedIndent: indent + 2, listIndent: indent);
        }
    }

    private static void WriteValue(StringBuilder text, object? value, int indent, int column, int nestedIndent, int listIndent)
    {
        switch (value)
        {
            case IReadOnlyDictionary<string, object?> { Count: 0 }:
                text.Append(" {}\n");
                break;
            case IReadOnlyDictionary<string, object?> map:
                text.Append('\n');
                WriteMapping(text, map, nestedIndent);
                break;
            case string or null or bool or int or long or double or float:
                text.Append(' ').Append(Scalar(value, indent + 2, column + 1)).Append('\n');
                break;
            case System.Collections.IEnumerable list:
                var items = list.Cast<object?>().ToList();
                if (items.Count == 0)
                {
                    text.Append(" []\n");
                    break;
                }
                text.Append('\n');
                foreach (var item in items)
                {
                    text.Append(' ', listIndent).Append('-');
                    WriteListItem(text, item, listIndent + 2);
                }
                break;
            default:
                throw new ArgumentException($"YAML cannot hold a {value.GetType().Name}");
        }
    }

    private static void WriteListItem(StringBuilder text, object? item, int indent)
    {
        switch (item)
        {
            case IReadOnlyDictionary<string, object?> { Count: > 0 } map:
                // PyYAML: the first key on the dash's line, the others below it.
                var first = true;
                foreach (var (key, value) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    text.Append(first ? " " : new string(' ', indent));
                    first = false;
                    var keyText = Scalar(key, indent + 2, indent);
                    text.Append(keyText).Append(':');
                    WriteValue(text, value, indent, indent + keyText.Length + 1, nestedIndent: indent + 2, listIndent: indent);
                }
                break;
            case System.Collections.IEnumerable and not string:
                throw new ArgumentException("a list directly inside a list is not supported");
            default:
                WriteValue(text, item, indent - 2, indent - 1, indent, indent);
                break;
        }
    }

    /// <summary>A scalar starting at <paramref name="column"/>; continuation lines indented by <paramref name="indent"/>.</summary>
    internal static string Scalar(object? value, int indent, int column) => value switch
    {
        null => "null",
        true => "true",
        false => "false",
        int or long => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double d => Float(d),
        float f => Float(f),
        string s when !IsPrintableAscii(s) => DoubleQuoted(s),
        string s when NeedsQuotes(s) => Folded("'" + s.Replace("'", "''", StringComparison.Ordinal) + "'", indent, column, quoted: true),
        string s => Folded(s, indent, column, quoted: false),
        _ => throw new ArgumentException($"YAML cannot hold a {value.GetType().Name}"),
    };

    /// <summary>PyYAML's float: Python's repr in lower case, ".0" added before an exponent without a point.</summary>
    internal static string Float(double value)
    {
        if (double.IsNaN(value))
        {
            return ".nan";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? ".inf" : "-.inf";
        }
        var repr = PythonRepr.Float(value);
        return !repr.Contains('.', StringComparison.Ordinal) && repr.Contains('e', StringComparison.Ordinal)
            ? repr.Replace("e", ".0e", StringComparison.Ordinal)
            : repr;
    }

    /// <summary>
    /// PyYAML's write_plain / write_single_quoted: a single space met past the best width becomes a
    /// line break and indent (not the first or last character of a quoted scalar).
    /// </summary>
    private static string Folded(string scalar, int indent, int column, bool quoted)
    {
        var text = new StringBuilder();
        var col = column;
        for (var i = 0; i < scalar.Length; i++)
        {
            var ch = scalar[i];
            var single = ch == ' ' && (i == 0 || scalar[i - 1] != ' ') && (i + 1 >= scalar.Length || scalar[i + 1] != ' ');
            var inside = !quoted || (i > 1 && i < scalar.Length - 2);
            if (single && col > BestWidth && inside)
            {
                text.Append('\n').Append(' ', indent);
                col = indent;
                continue;
            }
            text.Append(ch);
            col++;
        }
        return text.ToString();
    }

    private static bool IsPrintableAscii(string s) => s.All(c => c is >= ' ' and <= '~');

    private static string DoubleQuoted(string s)
    {
        var text = new StringBuilder("\"");
        foreach (var rune in s.EnumerateRunes())
        {
            text.Append(rune.Value switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                >= ' ' and <= '~' => rune.ToString(),
                < 0x100 => string.Create(CultureInfo.InvariantCulture, $"\\x{rune.Value:X2}"),
                < 0x10000 => string.Create(CultureInfo.InvariantCulture, $"\\u{rune.Value:X4}"),
                _ => string.Create(CultureInfo.InvariantCulture, $"\\U{rune.Value:X8}"),
            });
        }
        return text.Append('"').ToString();
    }

    private static bool NeedsQuotes(string s) =>
        s.Length == 0 || s != s.Trim() || ResolvesToOtherType().IsMatch(s) || ",[]{}#&*!|>'\"%@`".Contains(s[0], StringComparison.Ordinal)
        // PyYAML: "-", "?" and ":" start a plain scalar unless a space (or nothing) follows.
        || ("-?:".Contains(s[0], StringComparison.Ordinal) && (s.Length == 1 || s[1] == ' '))
        || s.Contains(": ", StringComparison.Ordinal) || s.Contains(" #", StringComparison.Ordinal) || s.EndsWith(':');

    // YAML 1.1 resolvers PyYAML applies to plain scalars: ints, floats, booleans, null, timestamps.
    [GeneratedRegex(@"^([-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|[-+]?\.[0-9]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|0x[0-9a-fA-F]+|0o?[0-7]+|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|y|Y|n|N|null|Null|NULL|~|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ]+[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?.*)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?)$")]
    private static partial Regex ResolvesToOtherType();
}
