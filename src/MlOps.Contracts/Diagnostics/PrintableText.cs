using System.Globalization;
using System.Text;

namespace MlOps.Contracts.Diagnostics;

/// <summary>
/// Makes text that may carry data (labels, group values, column names, paths, server answers) safe
/// for a line-oriented channel: a console line, a build log, an MSBuild message. Line breaks and
/// every other control character become visible escapes (<c>\n</c>, <c>\u0000</c>), so a value can
/// neither start a line of its own (a GitHub workflow command such as <c>::error::</c>, or a
/// fake <c>file(1,1): error MLOPS511:</c> diagnostic), move the cursor, colour the terminal, nor
/// reverse the text direction. Tabs are kept.
/// </summary>
public static class PrintableText
{
    /// <summary>The text on one line, with control, line-separator and bidi-override characters escaped.</summary>
    public static string OneLine(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }
        if (!NeedsEscape(text!))
        {
            return text!;
        }
        var builder = new StringBuilder(text!.Length + 16);
        foreach (var ch in text)
        {
            switch (ch)
            {
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\0': builder.Append("\\0"); break;
                case var c when Escaped(c): builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)); break;
                default: builder.Append(ch); break;
            }
        }
        return builder.ToString();
    }

    private static bool NeedsEscape(string text)
    {
        foreach (var ch in text)
        {
            if (ch is '\n' or '\r' or '\0' || Escaped(ch))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>C0 and C1 controls (ESC, NEL…) but tab; U+2028/2029 line and paragraph separators; bidi embeddings, overrides and isolates.</summary>
    private static bool Escaped(char c) =>
        (char.IsControl(c) && c != '\t')
        || c is '\u2028' or '\u2029'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2066' and <= '\u2069';
}
