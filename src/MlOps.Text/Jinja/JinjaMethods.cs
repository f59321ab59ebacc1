using System.Globalization;
using System.Text;

namespace MlOps.Text.Jinja;

/// <summary>The Python methods templates call on strings (strip, split, startswith, …) and dicts (items, keys, values, get).</summary>
internal static class JinjaMethods
{
    public static JinjaCallable? Bind(object? target, string name) => target switch
    {
        JinjaNamespace => null,
        string s => StringMethod(s, name),
        IDictionary<string, object?> dict => DictMethod(dict, name),
        _ => null,
    };

    private static JinjaCallable? DictMethod(IDictionary<string, object?> dict, string name) => name switch
    {
        "items" => (_, _) => dict.Select(p => (object?)new List<object?> { p.Key, p.Value }).ToList(),
        "keys" => (_, _) => dict.Keys.Cast<object?>().ToList(),
        "values" => (_, _) => dict.Values.ToList(),
        "get" => (args, _) => args.Count > 0 && args[0] is string key && dict.TryGetValue(key, out var v) ? v : args.Count > 1 ? args[1] : null,
        _ => null,
    };

    private static JinjaCallable? StringMethod(string s, string name) => name switch
    {
        "strip" => (args, _) => Strip(s, Arg(args, 0), left: true, right: true),
        "lstrip" => (args, _) => Strip(s, Arg(args, 0), left: true, right: false),
        "rstrip" => (args, _) => Strip(s, Arg(args, 0), left: false, right: true),
        "upper" => (_, _) => s.ToUpperInvariant(),
        "lower" => (_, _) => s.ToLowerInvariant(),
        "title" => (_, _) => Title(s),
        "capitalize" => (_, _) => Capitalize(s),
        "startswith" => (args, _) => Prefixes(args).Any(p => s.StartsWith(p, StringComparison.Ordinal)),
        "endswith" => (args, _) => Prefixes(args).Any(p => s.EndsWith(p, StringComparison.Ordinal)),
        "split" => (args, _) => Split(s, Arg(args, 0), args.Count > 1 && args[1] is long max ? (int)max : -1),
        "replace" => (args, _) => args is [string old, string @new, ..] ? s.Replace(old, @new, StringComparison.Ordinal) : throw new JinjaTypeError("replace() takes two strings"),
        "find" => (args, _) => args is [string part, ..] ? (long)CodePointIndex(s, s.IndexOf(part, StringComparison.Ordinal)) : throw new JinjaTypeError("find() takes a string"),
        "count" => (args, _) => args is [string part, ..] && part.Length > 0 ? (long)((s.Length - s.Replace(part, "", StringComparison.Ordinal).Length) / part.Length) : throw new JinjaTypeError("count() takes a non-empty string"),
        "join" => (args, _) => args is [IList<object?> items, ..] ? string.Join(s, items.Select(i => i as string ?? throw new JinjaTypeError($"sequence item: expected str instance, {JinjaValues.TypeName(i)} found"))) : throw new JinjaTypeError("join() takes a list"),
        "isdigit" => (_, _) => s.Length > 0 && s.All(char.IsDigit),
        "isspace" => (_, _) => s.Length > 0 && s.All(IsSpace),
        _ => null,
    };

    /// <summary>Python's str.isspace: Unicode whitespace plus the separators U+001C–U+001F.</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';

    /// <summary>Python's strip(): whitespace by default, else any of the given characters.</summary>
    public static string Strip(string s, object? chars, bool left, bool right)
    {
        Func<char, bool> strip = chars switch
        {
            null => IsSpace,
            string set => set.Contains,
            _ => throw new JinjaTypeError($"strip arg must be None or str, not {JinjaValues.TypeName(chars)}"),
        };
        var start = 0;
        var end = s.Length;
        while (left && start < end && strip(s[start]))
        {
            start++;
        }
        while (right && end > start && strip(s[end - 1]))
        {
            end--;
        }
        return s[start..end];
    }

    private static object? Arg(IReadOnlyList<object?> args, int i) => i < args.Count ? args[i] : null;

    private static IEnumerable<string> Prefixes(IReadOnlyList<object?> args) => args switch
    {
        [string one, ..] => [one],
        [IList<object?> many, ..] => many.OfType<string>(),
        _ => throw new JinjaTypeError("startswith/endswith take a string or a tuple of strings"),
    };

    private static List<object?> Split(string s, object? separator, int maxSplit)
    {
        if (separator is string sep)
        {
            if (sep.Length == 0)
            {
                throw new JinjaTypeError("empty separator");
            }
            var parts = maxSplit < 0 ? s.Split(sep) : s.Split(sep, maxSplit + 1);
            return [.. parts];
        }
        // No separator: runs of whitespace, no empty strings (Python's str.split()).
        var words = new List<object?>();
        var i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && IsSpace(s[i]))
            {
                i++;
            }
            if (i >= s.Length)
            {
                break;
            }
            if (maxSplit >= 0 && words.Count == maxSplit)
            {
                words.Add(s[i..].TrimEnd());
                break;
            }
            var start = i;
            while (i < s.Length && !IsSpace(s[i]))
            {
                i++;
            }
            words.Add(s[start..i]);
        }
        return words;
    }

    public static string Title(string s)
    {
        var builder = new StringBuilder(s.Length);
        var previousCased = false;
        foreach (var c in s)
        {
            builder.Append(previousCased ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c));
            previousCased = char.IsLetter(c);
        }
        return builder.ToString();
    }

    public static string Capitalize(string s) =>
        s.Length == 0 ? s : char.ToUpperInvariant(s[0]).ToString(CultureInfo.InvariantCulture) + s[1..].ToLowerInvariant();

    private static int CodePointIndex(string s, int utf16Index) =>
        utf16Index < 0 ? -1 : JinjaValues.CodePoints(s[..utf16Index]).Count;
}
