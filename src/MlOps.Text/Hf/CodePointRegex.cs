using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MlOps.Text.Hf;

/// <summary>
/// A tokenizer.json regex matched by code point, as Rust's Oniguruma does. .NET's regex sees UTF-16 units, so an
/// emoji's surrogate halves would match classes such as [^\s\p{L}\p{N}] apart; here each supplementary character
/// is matched as one stand-in BMP character of the same Unicode category, and match bounds map back.
/// </summary>
internal sealed class CodePointRegex(string pattern)
{
    private static readonly Lazy<Dictionary<UnicodeCategory, char>> Representatives = new(() =>
    {
        var table = new Dictionary<UnicodeCategory, char>();
        for (var c = 0x80; c <= 0xFFFF; c++)
        {
            if (c is < 0xD800 or > 0xDFFF)
            {
                table[CharUnicodeInfo.GetUnicodeCategory((char)c)] = (char)c; // the highest BMP character of each category
            }
        }
        return table;
    });

    private readonly Regex regex = new(pattern, RegexOptions.CultureInvariant);

    /// <summary>Non-empty matches as [start, end) UTF-16 offsets of <paramref name="text"/>.</summary>
    public IEnumerable<(int Start, int End)> Matches(string text)
    {
        if (!text.Any(char.IsSurrogate))
        {
            return regex.Matches(text).Where(m => m.Length > 0).Select(m => (m.Index, m.Index + m.Length)).ToList();
        }
        var proxy = new StringBuilder(text.Length);
        var offsets = new List<int>(text.Length + 1);
        for (var i = 0; i < text.Length; i++)
        {
            offsets.Add(i);
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var category = CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(text[i], text[i + 1]));
                proxy.Append(Representatives.Value.TryGetValue(category, out var stand) ? stand : '\uE000');
                i++;
            }
            else
            {
                proxy.Append(text[i]);
            }
        }
        offsets.Add(text.Length);
        return regex.Matches(proxy.ToString()).Where(m => m.Length > 0).Select(m => (offsets[m.Index], offsets[m.Index + m.Length])).ToList();
    }
}
