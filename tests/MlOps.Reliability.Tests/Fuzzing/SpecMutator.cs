using System.Globalization;
using System.Text;

namespace MlOps.Reliability.Tests.Fuzzing;

/// <summary>
/// Seeded, reproducible damage to a YAML spec: the mistakes people make (deleted, duplicated,
/// misspelt keys, wrong types, tabs) and the inputs attackers send (alias bombs, deep nesting,
/// binary garbage, huge numbers). Case <c>n</c> with the same seed is always the same bytes.
/// </summary>
public static class SpecMutator
{
    public static readonly string[] Kinds =
    [
        "delete-line", "duplicate-line", "retype-key", "wrong-type", "huge-number", "nan-inf", "unicode",
        "truncate", "alias-bomb", "deep-nesting", "binary-garbage", "tabs", "bom", "control-chars", "crlf", "stacked",
    ];

    private static readonly string[] WrongTypes = ["[1, 2]", "{ a: 1 }", "\"text\"", "true", "null", "~", "-1", "0", "''", "[[[]]]", "!!binary aGVsbG8=", "&a x", "*nope"];
    private static readonly string[] HugeNumbers = ["1e309", "-1e309", "99999999999999999999999999999", "9223372036854775808", "2147483648", "-2147483649", "1.7976931348623157e308", "4.9e-324", "0x7fffffffffffffff", "1_000_000_000_000"];
    private static readonly string[] NanInf = [".nan", ".NaN", ".inf", "-.inf", "+.inf", "NaN", "Infinity", "-Infinity", "nan", "inf"];
    private static readonly string[] Unicode = ["名前", "\u202Eevil", "a\u200Bb", "😀", "e\u0301", "\uFEFF", "Ω≈ç√", "\u2028", "ﬁ", "İ", "\"\\u0000\"", "\"line\\nbreak\"", "\"\\r\\n\\t\""];

    public static (string Kind, byte[] Bytes) Mutate(string yaml, int seed)
    {
        var random = new Random(seed);
        var kind = Kinds[random.Next(Kinds.Length)];
        return (kind, Apply(kind, yaml, random));
    }

    private static byte[] Apply(string kind, string yaml, Random random)
    {
        var lines = yaml.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        var content = lines.Select((l, i) => (l, i)).Where(p => p.l.Trim().Length > 0 && !p.l.TrimStart().StartsWith('#')).Select(p => p.i).ToList();
        var at = content[random.Next(content.Count)];
        switch (kind)
        {
            case "delete-line": lines.RemoveAt(at); break;
            case "duplicate-line": lines.Insert(at, lines[at]); break;
            case "retype-key": lines[at] = RetypeKey(lines[at], random); break;
            case "wrong-type": lines[at] = ReplaceValue(lines[at], Pick(WrongTypes, random), random); break;
            case "huge-number": lines[at] = ReplaceValue(lines[at], Pick(HugeNumbers, random), random); break;
            case "nan-inf": lines[at] = ReplaceValue(lines[at], Pick(NanInf, random), random); break;
            case "unicode": lines[at] = Insert(lines[at], Pick(Unicode, random), random); break;
            case "truncate": return Utf8(string.Join('\n', lines))[..random.Next(Utf8(string.Join('\n', lines)).Length)];
            case "alias-bomb": lines.Insert(0, AliasBomb(random.Next(5, 12))); break;
            case "deep-nesting": lines[at] = ReplaceValue(lines[at], DeepNesting(random), random); break;
            case "binary-garbage": return Garbage(Utf8(string.Join('\n', lines)), random);
            case "tabs": lines[at] = lines[at].Replace("  ", "\t", StringComparison.Ordinal) + (random.Next(2) == 0 ? "\t" : ""); lines.Insert(at, "\t"); break;
            case "bom": return Bom(Utf8(string.Join('\n', lines)), random);
            case "control-chars": lines[at] = Insert(lines[at], ((char)random.Next(0, 32)).ToString(), random); break;
            case "crlf": return Utf8(string.Join(random.Next(2) == 0 ? "\r\n" : "\r", lines));
            case "stacked":
                var text = string.Join('\n', lines);
                for (var i = 0; i < 3; i++)
                {
                    var inner = Kinds[random.Next(Kinds.Length - 1)];
                    text = Encoding.UTF8.GetString(Apply(inner, text.Length == 0 ? "a: 1" : text, random));
                    if (text.Trim().Length == 0 || !text.Split('\n').Any(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')))
                    {
                        text = "a: 1\n" + text;
                    }
                }
                return Utf8(text);
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
        return Utf8(string.Join('\n', lines));
    }

    private static string Pick(string[] options, Random random) => options[random.Next(options.Length)];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string RetypeKey(string line, Random random)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var start = line.Length - line.TrimStart(' ', '-', '{').Length;
        if (colon <= start)
        {
            return Insert(line, "x", random);
        }
        var position = random.Next(start, colon);
        return line[..position] + (char)random.Next('a', 'z' + 1) + line[(position + 1)..];
    }

    private static string ReplaceValue(string line, string value, Random random)
    {
        var colons = Enumerable.Range(0, line.Length).Where(i => line[i] == ':').ToList();
        if (colons.Count == 0)
        {
            return line + " " + value;
        }
        var colon = colons[random.Next(colons.Count)];
        var end = line.IndexOfAny([',', '}', ']'], colon);
        return line[..(colon + 1)] + " " + value + (end < 0 ? "" : line[end..]);
    }

    private static string Insert(string line, string text, Random random)
    {
        var position = random.Next(line.Length + 1);
        return line[..position] + text + line[position..];
    }

    /// <summary>The "billion laughs": each alias level multiplies the expanded size by ten.</summary>
    private static string AliasBomb(int levels)
    {
        var text = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var i = 1; i < levels; i++)
        {
            var previous = $"*a{i - 1}";
            text.Append(CultureInfo.InvariantCulture, $"a{i}: &a{i} [{string.Join(',', Enumerable.Repeat(previous, 10))}]\n");
        }
        return text.ToString();
    }

    private static string DeepNesting(Random random)
    {
        var depth = random.Next(200, 20_000);
        return random.Next(2) == 0 ? new string('[', depth) + new string(']', depth) : string.Concat(Enumerable.Repeat("{a: ", depth)) + "1" + new string('}', depth);
    }

    private static byte[] Garbage(byte[] bytes, Random random)
    {
        var copy = bytes.ToList();
        var count = random.Next(1, 64);
        var garbage = new byte[count];
        random.NextBytes(garbage);
        copy.InsertRange(random.Next(copy.Count + 1), garbage);
        return [.. copy];
    }

    private static byte[] Bom(byte[] bytes, Random random) => random.Next(4) switch
    {
        0 => [0xEF, 0xBB, 0xBF, .. bytes],
        1 => [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. bytes],
        2 => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(bytes))],
        _ => [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(Encoding.UTF8.GetString(bytes))],
    };
}
