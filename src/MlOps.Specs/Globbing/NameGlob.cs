namespace MlOps.Specs.Globbing;

/// <summary>
/// Globs over names (columns, dotted parameter names): '*' any run of characters, dots included
/// (<c>backbone.*</c> is everything under backbone), '?' one character, case-sensitive.
/// </summary>
public static class NameGlob
{
    public static bool IsMatch(string pattern, string name) => Match(pattern.AsSpan(), name.AsSpan());

    public static bool AnyMatch(IEnumerable<string> patterns, string name) => patterns.Any(p => IsMatch(p, name));

    private static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        int p = 0, n = 0, star = -1, resume = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == name[n]))
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = n;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }
}
