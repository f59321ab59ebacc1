using System.Globalization;
using System.Text;

namespace MlOps.Core.Text;

/// <summary>
/// The parts of Hugging Face's BasicTokenizer that Microsoft.ML.Tokenizers' BertTokenizer does
/// differently: control and format characters (zero-width space, U+FFFD, NUL) are removed, tabs and
/// line breaks are spaces, and every ASCII symbol (<c>$ + ^ ` ~ | &lt; = &gt;</c>) is split off as
/// punctuation, as HF's <c>_is_punctuation</c> does. Lowercasing, accents, CJK and WordPiece stay the library's.
/// </summary>
internal static class BertTextCleaner
{
    public static string Clean(string text)
    {
        var result = new StringBuilder(text.Length + 8);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is 0 or 0xFFFD || IsControl(rune))
            {
                continue;
            }
            if (IsWhitespace(rune))
            {
                result.Append(' ');
            }
            else if (IsPunctuation(rune))
            {
                result.Append(' ').Append(rune.ToString()).Append(' ');
            }
            else
            {
                result.Append(rune.ToString());
            }
        }
        return result.ToString();
    }

    private static bool IsWhitespace(Rune rune) =>
        rune.Value is ' ' or '\t' or '\n' or '\r' || Rune.GetUnicodeCategory(rune) == UnicodeCategory.SpaceSeparator;

    private static bool IsControl(Rune rune) =>
        rune.Value is not ('\t' or '\n' or '\r') && Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control
            or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;

    private static bool IsPunctuation(Rune rune) =>
        rune.Value is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
}
