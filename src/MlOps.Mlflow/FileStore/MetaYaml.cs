using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MlOps.Mlflow.FileStore;

/// <summary>
/// The small YAML subset MLflow's file store writes with PyYAML's safe_dump: sorted keys, plain
/// scalars unless they would read back as another type (then single-quoted), <c>null</c>,
/// <c>[]</c>, and one level of nested mappings (aliases, tags).
/// </summary>
internal static partial class MetaYaml
{
    /// <summary>Values: string (quoted as needed), long/int (plain), null, IReadOnlyDictionary&lt;string,string&gt; (nested), YamlRaw (verbatim).</summary>
    public static string Write(IReadOnlyDictionary<string, object?> values)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            switch (value)
            {
                case IReadOnlyDictionary<string, string> map when map.Count == 0:
                    text.Append(key).Append(": {}\n");
                    break;
                case IReadOnlyDictionary<string, string> map:
                    text.Append(key).Append(":\n");
                    foreach (var (k, v) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                    {
                        text.Append("  ").Append(Scalar(k)).Append(": ").Append(Scalar(v)).Append('\n');
                    }
                    break;
                default:
                    text.Append(key).Append(": ").Append(Scalar(value)).Append('\n');
                    break;
            }
        }
        return text.ToString();
    }

    public static string Scalar(object? value) => value switch
    {
        null => "null",
        YamlRaw raw => raw.Text,
        long or int => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        string s => NeedsQuotes(s) ? "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'" : s,
        _ => throw new ArgumentException($"Unsupported YAML value {value.GetType()}"),
    };

    /// <summary>Reads top-level keys; nested mappings come back as Dictionary&lt;string,string?&gt;.</summary>
    public static Dictionary<string, object?> Read(string text)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        Dictionary<string, string?>? nested = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }
            var indented = line.StartsWith(' ');
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            var key = (colon < 0 ? line.TrimEnd(':') : line[..colon]).Trim();
            var raw = colon < 0 ? "" : line[(colon + 2)..].Trim();
            if (indented && nested is not null)
            {
                nested[Unquote(key)!] = Unquote(raw);
                continue;
            }
            if (colon < 0)
            {
                nested = new Dictionary<string, string?>(StringComparer.Ordinal);
                result[key] = nested;
                continue;
            }
            nested = null;
            result[key] = raw is "{}" ? new Dictionary<string, string?>() : Unquote(raw);
        }
        return result;
    }

    private static string? Unquote(string raw)
    {
        if (raw is "null" or "~")
        {
            return null;
        }
        if (raw.Length >= 2 && raw[0] == '\'' && raw[^1] == '\'')
        {
            return raw[1..^1].Replace("''", "'", StringComparison.Ordinal);
        }
        return raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"' ? raw[1..^1] : raw;
    }

    private static bool NeedsQuotes(string s) =>
        s.Length == 0 || s != s.Trim() || ResolvesToOtherType().IsMatch(s) || "-?:,[]{}#&*!|>'\"%@`".Contains(s[0], StringComparison.Ordinal)
        || s.Contains(": ", StringComparison.Ordinal) || s.Contains(" #", StringComparison.Ordinal) || s.EndsWith(':') || s.Any(char.IsControl);

    // YAML 1.1 resolvers PyYAML applies to plain scalars: ints, floats, booleans, null.
    [GeneratedRegex(@"^([-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|[-+]?\.[0-9]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|0x[0-9a-fA-F]+|0o?[0-7]+|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|y|Y|n|N|null|Null|NULL|~)$")]
    private static partial Regex ResolvesToOtherType();
}

/// <summary>Text written to YAML verbatim (e.g. <c>[]</c>).</summary>
internal sealed record YamlRaw(string Text);
