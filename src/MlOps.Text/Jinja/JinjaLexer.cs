using System.Globalization;
using System.Text;

namespace MlOps.Text.Jinja;

/// <summary>
/// Splits a template into text and tag tokens as Jinja's lexer does under transformers' settings:
/// trim_blocks (the first newline after a block or comment tag goes), lstrip_blocks (spaces and tabs
/// before a block or comment tag on its own line go, unless "{%+"), "-" whitespace control on any
/// tag, and one trailing newline of the template dropped (keep_trailing_newline=False).
/// </summary>
internal sealed class JinjaLexer
{
    private static readonly string[] Operators = ["//", "**", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">", "=", "(", ")", "[", "]", "{", "}", ",", ".", ":", "|"];

    private readonly string src;
    private readonly List<int> lineStarts = [0];
    private readonly List<JinjaToken> tokens = [];
    private int pos;

    private JinjaLexer(string text)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        src = text.EndsWith('\n') ? text[..^1] : text;
        for (var i = 0; i < src.Length; i++)
        {
            if (src[i] == '\n')
            {
                lineStarts.Add(i + 1);
            }
        }
    }

    public static List<JinjaToken> Tokenize(string text)
    {
        var lexer = new JinjaLexer(text);
        lexer.Run();
        return lexer.tokens;
    }

    private void Run()
    {
        var atLineStart = true;
        while (pos < src.Length)
        {
            var open = NextTag(pos);
            if (open < 0)
            {
                Data(src[pos..], pos);
                break;
            }
            var data = src[pos..open];
            var kind = src[open + 1];
            var j = open + 2;
            if (j < src.Length && src[j] == '-')
            {
                data = data.TrimEnd();
                j++;
            }
            else if (j < src.Length && src[j] == '+' && kind != '{')
            {
                j++;
            }
            else if (kind != '{')
            {
                var lineStart = data.LastIndexOf('\n') + 1;
                if ((lineStart > 0 || atLineStart) && data[lineStart..].All(c => c is ' ' or '\t'))
                {
                    data = data[..lineStart];
                }
            }
            Data(data, pos);
            pos = kind switch
            {
                '#' => Comment(open, j),
                _ => Tag(open, j, kind == '{'),
            };
            atLineStart = src[pos - 1] == '\n';
        }
        var (line, column) = Position(src.Length);
        tokens.Add(new JinjaToken(JinjaTokenKind.End, "", null, line, column));
    }

    private int NextTag(int from)
    {
        for (var i = src.IndexOf('{', from); i >= 0 && i + 1 < src.Length; i = src.IndexOf('{', i + 1))
        {
            if (src[i + 1] is '{' or '%' or '#')
            {
                return i;
            }
        }
        return -1;
    }

    private void Data(string data, int at)
    {
        if (data.Length > 0)
        {
            var (line, column) = Position(at);
            tokens.Add(new JinjaToken(JinjaTokenKind.Data, data, data, line, column));
        }
    }

    private int Comment(int open, int from)
    {
        var close = src.IndexOf("#}", from, StringComparison.Ordinal);
        if (close < 0)
        {
            throw Error("the comment is not closed with '#}'", open);
        }
        return AfterClose(close + 2, strip: src[close - 1] == '-' && close - 1 >= from, block: true);
    }

    private int Tag(int open, int from, bool variable)
    {
        var (line, column) = Position(open);
        tokens.Add(new JinjaToken(variable ? JinjaTokenKind.VariableBegin : JinjaTokenKind.BlockBegin, variable ? "{{" : "{%", null, line, column));
        var closer = variable ? "}}" : "%}";
        var i = from;
        var depth = 0; // open ( [ {: a "}}" inside a dict literal closes the dict, as Jinja's balancing stack has it
        while (true)
        {
            while (i < src.Length && char.IsWhiteSpace(src[i]))
            {
                i++;
            }
            if (i >= src.Length)
            {
                throw Error($"the tag opened here is not closed with '{closer}'", open);
            }
            var strip = depth == 0 && src[i] == '-' && string.CompareOrdinal(src, i + 1, closer, 0, 2) == 0;
            if (strip || (depth == 0 && string.CompareOrdinal(src, i, closer, 0, 2) == 0))
            {
                var (l, c) = Position(i);
                tokens.Add(new JinjaToken(variable ? JinjaTokenKind.VariableEnd : JinjaTokenKind.BlockEnd, closer, null, l, c));
                return AfterClose(i + (strip ? 3 : 2), strip, block: !variable);
            }
            i = Expression(i);
            var last = tokens[^1];
            if (last.Kind == JinjaTokenKind.Operator)
            {
                depth += last.Text switch { "(" or "[" or "{" => 1, ")" or "]" or "}" => -1, _ => 0 };
            }
        }
    }

    private int AfterClose(int at, bool strip, bool block)
    {
        if (strip)
        {
            while (at < src.Length && char.IsWhiteSpace(src[at]))
            {
                at++;
            }
        }
        else if (block && at < src.Length && src[at] == '\n')
        {
            at++; // trim_blocks
        }
        return at;
    }

    private int Expression(int i)
    {
        var (line, column) = Position(i);
        var c = src[i];
        if (char.IsLetter(c) || c == '_')
        {
            var end = i;
            while (end < src.Length && (char.IsLetterOrDigit(src[end]) || src[end] == '_'))
            {
                end++;
            }
            tokens.Add(new JinjaToken(JinjaTokenKind.Name, src[i..end], src[i..end], line, column));
            return end;
        }
        if (char.IsAsciiDigit(c))
        {
            return Number(i, line, column);
        }
        if (c is '\'' or '"')
        {
            return StringLiteral(i, line, column);
        }
        foreach (var op in Operators)
        {
            if (string.CompareOrdinal(src, i, op, 0, op.Length) == 0)
            {
                tokens.Add(new JinjaToken(JinjaTokenKind.Operator, op, op, line, column));
                return i + op.Length;
            }
        }
        throw Error($"unexpected character '{c}'", i);
    }

    private int Number(int i, int line, int column)
    {
        var end = i;
        while (end < src.Length && (char.IsAsciiDigit(src[end]) || src[end] == '_'))
        {
            end++;
        }
        var isFloat = end + 1 < src.Length && src[end] == '.' && char.IsAsciiDigit(src[end + 1]);
        if (isFloat)
        {
            end++;
            while (end < src.Length && char.IsAsciiDigit(src[end]))
            {
                end++;
            }
        }
        if (end < src.Length && src[end] is 'e' or 'E' && end + 1 < src.Length && (char.IsAsciiDigit(src[end + 1]) || src[end + 1] is '+' or '-'))
        {
            isFloat = true;
            end += 2;
            while (end < src.Length && char.IsAsciiDigit(src[end]))
            {
                end++;
            }
        }
        var text = src[i..end].Replace("_", "", StringComparison.Ordinal);
        tokens.Add(isFloat
            ? new JinjaToken(JinjaTokenKind.Float, text, double.Parse(text, CultureInfo.InvariantCulture), line, column)
            : new JinjaToken(JinjaTokenKind.Integer, text, long.Parse(text, CultureInfo.InvariantCulture), line, column));
        return end;
    }

    /// <summary>'…' or "…" with Python's escapes (\n, \t, \\, \', \", \xHH, \uHHHH, …); unknown escapes keep the backslash.</summary>
    private int StringLiteral(int i, int line, int column)
    {
        var quote = src[i];
        var value = new StringBuilder();
        var j = i + 1;
        while (true)
        {
            if (j >= src.Length)
            {
                throw Error("the string is not closed", i);
            }
            var c = src[j];
            if (c == quote)
            {
                break;
            }
            if (c != '\\' || j + 1 >= src.Length)
            {
                value.Append(c);
                j++;
                continue;
            }
            var e = src[j + 1];
            j += 2;
            switch (e)
            {
                case 'n': value.Append('\n'); break;
                case 't': value.Append('\t'); break;
                case 'r': value.Append('\r'); break;
                case '0': value.Append('\0'); break;
                case 'a': value.Append('\a'); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'v': value.Append('\v'); break;
                case '\\' or '\'' or '"': value.Append(e); break;
                case '\n': break;
                case 'x' or 'u' or 'U':
                    var digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (j + digits > src.Length || !int.TryParse(src.AsSpan(j, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                    {
                        throw Error($"the escape \\{e} needs {digits} hex digits", j - 2);
                    }
                    value.Append(char.ConvertFromUtf32(code));
                    j += digits;
                    break;
                default: value.Append('\\').Append(e); break;
            }
        }
        var text = value.ToString();
        tokens.Add(new JinjaToken(JinjaTokenKind.String, text, text, line, column));
        return j + 1;
    }

    private (int Line, int Column) Position(int at)
    {
        var index = lineStarts.BinarySearch(at);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, at - lineStarts[line] + 1);
    }

    private JinjaError Error(string message, int at)
    {
        var (line, column) = Position(at);
        return JinjaError.Parse(message, line, column);
    }
}
