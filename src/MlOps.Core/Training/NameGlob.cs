using System.Text.RegularExpressions;

namespace MlOps.Core.Training;

/// <summary>
/// Globs over dotted names (parameter names, column names): <c>*</c> matches any run of
/// characters, dots included (<c>backbone.*</c> is everything under backbone), <c>?</c> one character.
/// </summary>
public static class NameGlob
{
    public static bool IsMatch(string glob, string name) => ToRegex(glob).IsMatch(name);

    public static Regex ToRegex(string glob) =>
        new("^" + Regex.Escape(glob).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
