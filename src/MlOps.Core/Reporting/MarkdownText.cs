using System.Text;

namespace MlOps.Core.Reporting;

/// <summary>
/// Makes text from data (class labels, group names, metric names, messages) inert in Markdown and
/// HTML: it can neither break a table, start a link or code span, inject a tag, nor mention
/// (notify) a GitHub user or team.
/// </summary>
public static class MarkdownText
{
    private const string BackslashEscaped = "\\`*_[]{}()#+!|~";

    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var builder = new StringBuilder(text.Length + 8);
        foreach (var ch in text)
        {
            switch (ch)
            {
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '&': builder.Append("&amp;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\r' or '\n' or '\t': builder.Append(' '); break;
                // A zero-width space after '@' keeps "@user" readable but no longer a mention.
                case '@': builder.Append("@\u200B"); break;
                case var c when char.IsControl(c): break;
                case var c when BackslashEscaped.Contains(c, StringComparison.Ordinal): builder.Append('\\').Append(c); break;
                default: builder.Append(ch); break;
            }
        }
        return builder.ToString();
    }

    /// <summary>One table row from already-escaped cells.</summary>
    public static string Row(IEnumerable<string> cells) => "| " + string.Join(" | ", cells) + " |";

    public static string Separator(int columns) => "|" + string.Concat(Enumerable.Repeat(" --- |", columns));
}
