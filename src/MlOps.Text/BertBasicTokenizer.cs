using System.Globalization;
using System.Text;

namespace MlOps.Text;

/// <summary>
/// Hugging Face's BasicTokenizer, done here because Microsoft.ML.Tokenizers' own basic step differs
/// from it: that one drops ASCII symbols such as <c>$</c> and <c>+</c> (HF keeps them as tokens), and
/// keeps tabs and line breaks inside words. Steps, as HF: remove control and format characters
/// (NUL, U+FFFD, zero-width space), whitespace to spaces, spaces around CJK ideographs, lowercase and
/// strip accents (NFD, drop non-spacing marks) when asked, split off punctuation (every ASCII symbol
/// and Unicode P*). The result is words joined by single spaces, for the library's WordPiece.
/// </summary>
internal sealed class BertBasicTokenizer(bool lowerCase, bool stripAccents)
{
    public string Split(string text)
    {
        var result = new StringBuilder(text.Length + 8);
        foreach (var word in Clean(text).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var normal = lowerCase ? word.ToLowerInvariant() : word;
            if (stripAccents)
            {
                normal = StripAccents(normal);
            }
            foreach (var rune in normal.EnumerateRunes())
            {
                if (IsPunctuation(rune))
                {
                    result.Append(' ').Append(rune.ToString()).Append(' ');
                }
                else
                {
                    result.Append(rune.ToString());
                }
            }
            result.Append(' ');
        }
        return result.ToString();
    }

    private static string Clean(string text)
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
            else if (IsCjk(rune.Value))
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

    private static string StripAccents(string word)
    {
        var decomposed = word.Normalize(NormalizationForm.FormD);
        var result = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                result.Append(c);
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

    /// <summary>The CJK Unified Ideographs blocks HF's _is_chinese_char lists (not Hiragana, Katakana or Hangul).</summary>
    private static bool IsCjk(int cp) =>
        cp is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF) or (>= 0x2A700 and <= 0x2B73F)
            or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);
}
